"""Payments recorded before the ledger told tests apart are marked as tests by the migration."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("donations", "0003_donation_site_address_from_settings")]
AFTER = [("donations", "0004_test_payments_and_proven_supporters")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_earlier_test_payments_stop_counting_and_real_ones_keep_counting():
    apps = migrate(BEFORE)
    try:
        campaign = apps.get_model("donations", "Campaign").objects.create(
            name="Drive", slug="drive", goal_minor=100_000, currency="USD", cta_label="Give")
        donations = apps.get_model("donations", "Donation").objects
        ledger = apps.get_model("donations", "LedgerEntry").objects
        events = apps.get_model("donations", "PaymentEvent").objects
        made = {}
        for name, provider, livemode in [("test", "test", None), ("stripe_test", "stripe", False),
                                         ("stripe_live", "stripe", True)]:
            donation = donations.create(campaign=campaign, amount_minor=1000, currency="USD", email="a@b.org",
                                        provider=provider, checkout_id=f"cs_{name}")
            ledger.create(campaign=campaign, kind="gift", amount_minor=1000, currency="USD",
                          reference=f"ref:{name}", donation=donation)
            if livemode is not None:
                events.create(provider="stripe", event_id=f"evt_{name}", type="checkout.session.completed",
                              outcome="recorded", payload=json.dumps({
                                  "livemode": livemode,
                                  "data": {"object": {"metadata": {"donation_id": str(donation.pk)}}}}))
            made[name] = donation.pk
        events.create(provider="stripe", event_id="evt_odd", type="x", payload="not json")
        ledger.create(campaign=campaign, kind="manual", amount_minor=500, currency="USD", reference="manual:1")
    finally:
        apps = migrate(AFTER)
    marked = dict(apps.get_model("donations", "LedgerEntry").objects.values_list("reference", "is_test"))
    assert marked == {"ref:test": True, "ref:stripe_test": True, "ref:stripe_live": False,
                      "manual:1": False}
    from tribune.donations.models import Campaign
    from tribune.donations.selectors import raised_minor

    assert raised_minor(campaign=Campaign.objects.get(slug="drive")) == 1500
