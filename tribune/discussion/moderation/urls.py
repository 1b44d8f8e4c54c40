from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("discussion/comments/<id:comment_id>/report/", views.report, name="report"),
    path("moderation/", views.queue, name="home"),
    path("moderation/queue/<slug:name>/", views.queue, name="queue"),
    path("moderation/decide/", views.decide, name="decide"),
    path("moderation/comments/<id:comment_id>/ban/", views.ban, name="ban"),
    path("moderation/comments/<id:comment_id>/feature/", views.feature, name="feature"),
    path("moderation/comments/<id:comment_id>/edit/", views.edit, name="edit"),
    path("moderation/log/", views.log, name="log"),
]
