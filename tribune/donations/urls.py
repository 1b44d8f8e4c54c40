from django.urls import path

from . import views
from .webhooks.stripe import stripe_webhook

app_name = "donations"

urlpatterns = [
    path("support/<slug:slug>/", views.campaign_view, name="campaign"),
    path("support/<slug:slug>/thanks/<str:token>/", views.donation_thanks_view, name="thanks"),
    path("support/test-checkout/<str:token>/", views.test_checkout_view, name="test_checkout"),
    path("support/supporter/<str:token>/", views.supporter_withdraw_view, name="supporter_withdraw"),
    path("support/supporter/<str:token>/show/", views.supporter_show_view, name="supporter_show"),
    path("support/ledger.csv", views.ledger_export_view, name="ledger_export"),
    path("payments/stripe/webhook/", stripe_webhook, name="stripe_webhook"),
]
