from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("discussion/comments/<id:comment_id>/report/", views.comment_report_view, name="report"),
    path("moderation/", views.moderation_queue_view, name="home"),
    path("moderation/queue/<slug:name>/", views.moderation_queue_view, name="queue"),
    path("moderation/decide/", views.moderation_decide_view, name="decide"),
    path("moderation/comments/<id:comment_id>/ban/", views.author_ban_view, name="ban"),
    path("moderation/comments/<id:comment_id>/feature/", views.comment_feature_view, name="feature"),
    path("moderation/comments/<id:comment_id>/edit/", views.comment_moderator_edit_view, name="edit"),
    path("moderation/log/", views.moderation_log_view, name="log"),
    path("moderation/bans/", views.ban_list_view, name="bans"),
    path("moderation/bans/<id:ban_id>/lift/", views.ban_lift_view, name="ban_lift"),
]
