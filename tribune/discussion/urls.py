from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path("discussion/articles/<int:article_id>/comments/", views.comment_create, name="comment_create"),
    path("discussion/prompt/dismiss/", views.prompt_dismiss, name="prompt_dismiss"),
]
