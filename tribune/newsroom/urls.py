from django.urls import path

from . import views

app_name = "newsroom"

urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
]
