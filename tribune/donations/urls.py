from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("support/<slug:slug>/", views.campaign_detail, name="campaign"),
]
