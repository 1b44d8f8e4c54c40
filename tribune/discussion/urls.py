from django.urls import path

from . import views, views_subscriptions

app_name = "discussion"

urlpatterns = [
    path("discussion/articles/<int:article_id>/comments/", views.comment_create, name="comment_create"),
    path("discussion/articles/<int:article_id>/comments/list/", views.comment_list, name="comment_list"),
    path("discussion/comments/<int:comment_id>/vote/", views.comment_vote, name="comment_vote"),
    path("discussion/comments/<int:comment_id>/edit/", views.comment_edit_view, name="comment_edit"),
    path("discussion/comments/<int:comment_id>/delete/", views.comment_delete_view, name="comment_delete"),
    path("discussion/prompt/dismiss/", views.prompt_dismiss, name="prompt_dismiss"),
    # Email subscriptions (views_subscriptions.py).
    path("discussion/articles/<int:article_id>/follow/", views_subscriptions.thread_follow,
         name="thread_follow"),
    path("discussion/subscriptions/", views_subscriptions.subscriptions_mine, name="subscriptions_mine"),
    path("discussion/subscriptions/confirm/<str:token>/", views_subscriptions.subscription_confirm_view,
         name="subscription_confirm"),
    path("discussion/subscriptions/manage/<str:token>/", views_subscriptions.subscriptions_manage,
         name="subscriptions_manage"),
    path("discussion/subscriptions/unsubscribe/<str:token>/", views_subscriptions.unsubscribe_view,
         name="unsubscribe"),
]
