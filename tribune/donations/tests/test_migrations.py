"""Migrations keep what a site already holds: earlier test payments are marked as tests, monthly
gifts paid before the site followed their state become manageable, campaigns keep their dates."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("donations", "0003_donation_site_address_from_settings")]
AFTER = [("donations", "0004_test_payments_and_proven_supporters")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture(autouse=True)
def back_to_the_latest():
    """Leave the database at the latest migrations, as every other test expects it."""
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


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
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from tribune.donations.models import Campaign
    from tribune.donations.selectors import raised_minor

    assert raised_minor(campaign=Campaign.objects.get(slug="drive")) == 1500


def test_monthly_gifts_paid_before_become_active_and_campaigns_keep_their_figures():
    apps = migrate([("donations", "0004_test_payments_and_proven_supporters")])
    campaign = apps.get_model("donations", "Campaign").objects.create(
        name="Keep SouthFront independent", slug="support-southfront", goal_minor=500_000, currency="USD",
        cta_label="Give", amount_format="#,##0\u00a0¤")
    donations = apps.get_model("donations", "Donation").objects
    ledger = apps.get_model("donations", "LedgerEntry").objects
    ledger.create(campaign=campaign, kind="manual", amount_minor=304_800, currency="USD",
                  reference="demo:raised-so-far")
    paid = donations.create(campaign=campaign, amount_minor=1000, currency="USD", email="a@b.org",
                            provider="stripe", frequency="monthly", subscription_id="sub_9", checkout_id="cs_1")
    ledger.create(campaign=campaign, kind="gift", amount_minor=1000, currency="USD", reference="stripe:invoice:in_1",
                  donation=paid)
    unpaid = donations.create(campaign=campaign, amount_minor=1000, currency="USD", email="a@b.org",
                              provider="stripe", frequency="monthly", checkout_id="cs_2")
    once = donations.create(campaign=campaign, amount_minor=1000, currency="USD", email="a@b.org",
                            provider="stripe", checkout_id="cs_3")
    ledger.create(campaign=campaign, kind="gift", amount_minor=1000, currency="USD", reference="stripe:payment:pi_1",
                  donation=once)
    apps = migrate([("donations", "0005_monthly_gifts_and_campaign_dates")])
    states = dict(apps.get_model("donations", "Donation").objects.values_list("checkout_id", "monthly_status"))
    assert states == {"cs_1": "active", "cs_2": "", "cs_3": ""}
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from tribune.donations.models import Campaign, Donation
    from tribune.donations.selectors import goal_progress

    progress = goal_progress(campaign=Campaign.objects.get(slug="support-southfront"))
    assert (progress.label_raised, progress.label_goal) == ("3,068\u00a0$", "5,000\u00a0$")
    assert Donation.objects.get(pk=paid.pk).is_manageable
    assert not Donation.objects.get(pk=unpaid.pk).is_manageable
