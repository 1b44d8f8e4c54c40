from django.urls import path

from . import views

app_name = "notifications"

# The addresses stay under /discussion/: links in emails already sent point at them.
urlpatterns = [
    path("discussion/articles/<id:article_id>/follow/", views.thread_follow_view, name="thread_follow"),
    path("discussion/subscriptions/", views.subscriptions_mine_view, name="subscriptions_mine"),
    path("discussion/subscriptions/confirm/<str:token>/", views.subscription_confirm_view,
         name="subscription_confirm"),
    path("discussion/subscriptions/manage/<str:token>/", views.subscriptions_manage_view,
         name="subscriptions_manage"),
    path("discussion/subscriptions/unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
