from django.urls import path

from . import views
from .webhooks.stripe import stripe_webhook_view

app_name = "donations"

# The fixed addresses under support/ come before the campaign pages' support/<slug>/; a campaign
# cannot take one of their names as its slug (see Campaign.RESERVED_SLUGS).
urlpatterns = [
    path("support/manage/", views.manage_link_view, name="manage_link"),
    path("support/manage/<str:token>/", views.manage_view, name="manage"),
    path("support/manage/<str:token>/amount/", views.manage_amount_view, name="manage_amount"),
    path("support/manage/<str:token>/skip/", views.manage_skip_view, name="manage_skip"),
    path("support/manage/<str:token>/cancel/", views.manage_cancel_view, name="manage_cancel"),
    path("support/manage/<str:token>/card/", views.manage_card_view, name="manage_card"),
    path("support/manage/<str:token>/name/", views.manage_name_view, name="manage_name"),
    path("support/manage/<str:token>/statement/", views.manage_statement_view, name="manage_statement"),
    path("support/manage/<str:token>/test/<str:what>/", views.manage_test_view, name="manage_test"),
    path("support/test-card/<str:token>/", views.test_card_view, name="test_card"),
    path("support/test-checkout/<str:token>/", views.test_checkout_view, name="test_checkout"),
    path("support/supporter/<str:token>/", views.supporter_withdraw_view, name="supporter_withdraw"),
    path("support/supporter/<str:token>/show/", views.supporter_show_view, name="supporter_show"),
    path("support/ledger.csv", views.ledger_export_view, name="ledger_export"),
    path("support/statements.csv", views.statements_export_view, name="statements_export"),
    path("support/<slug:slug>/", views.campaign_view, name="campaign"),
    path("support/<slug:slug>/thanks/<str:token>/", views.donation_thanks_view, name="thanks"),
    path("payments/stripe/webhook/", stripe_webhook_view, name="stripe_webhook"),
]
