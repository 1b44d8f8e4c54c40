"""A monthly gift's life at Stripe (a new amount, a failed card, a renewal, a skipped month, the
end) arrives by signed webhook, in any order and any number of times, and shows exactly once on
the donor's page, in the admin and in the ledger."""

import random
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tribune.donations.models import Donation, DonationChange, LedgerEntry, PaymentEvent
from tribune.donations.tokens import manage_token

from ..factories import (
    donation_factory,
    invoice_failed,
    invoice_paid,
    price_before,
    stripe_post,
    subscription_deleted,
    subscription_updated,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_keys")]

SUB = "sub_1QhT7pKb2mXy9Rz4"
T0 = int(time.time()) - 10_000


def monthly_gift(client, **fields):
    """A monthly gift of 25 $ whose first payment Stripe reported; its donor reads ana@example.org."""
    values = {"frequency": Donation.Frequency.MONTHLY, "subscription_id": SUB, "email": "ana@example.org",
              "donor_name": "Ana"}
    values.update(fields)
    donation = donation_factory(**values)
    stripe_post(client, invoice_paid(invoice_id="in_first", amount=2500, subscription=SUB, donation=donation,
                                     billing_reason="subscription_create", created=T0,
                                     customer_email="ana@example.org"))
    donation.refresh_from_db()
    assert donation.monthly_status == "active"
    return donation


def life_at_stripe(donation) -> list[dict]:
    """The donor changes to 30 $, a renewal fails and is paid after a new card, then they cancel."""
    return [
        subscription_updated(donation, created=T0 + 100, amount=3000, price="price_30", previous=price_before(2500),
                             event_id="evt_amount"),
        invoice_failed(invoice_id="in_cycle_1", amount=3000, donation=donation, subscription=SUB,
                       created=T0 + 200, event_id="evt_failed_1"),
        subscription_updated(donation, created=T0 + 200, amount=3000, price="price_30", status="past_due",
                             previous={"status": "active"}, event_id="evt_past_due"),
        # Stripe retries the card: the same invoice fails again.
        invoice_failed(invoice_id="in_cycle_1", amount=3000, donation=donation, subscription=SUB,
                       created=T0 + 250, attempt=2, event_id="evt_failed_2"),
        invoice_paid(invoice_id="in_cycle_1", amount=3000, subscription=SUB, created=T0 + 300,
                     event_id="evt_paid"),
        subscription_updated(donation, created=T0 + 300, amount=3000, price="price_30",
                             previous={"status": "past_due"}, event_id="evt_active"),
        subscription_deleted(donation, created=T0 + 400, amount=3000, price="price_30", event_id="evt_deleted"),
    ]


def orders():
    events = list(range(7))
    shuffled = []
    rng = random.Random(19)
    for _ in range(4):
        order = events[:]
        rng.shuffle(order)
        shuffled.append(order)
    return [events, events[::-1], *shuffled]


def donor_page(client, donation) -> str:
    return client.get(reverse("donations:manage", kwargs={"token": manage_token(donation=donation)})).content.decode()


def admin_page(client, donation) -> str:
    staff = get_user_model().objects.create_superuser(f"staff{donation.pk}", "staff@example.org", "pw")
    client.force_login(staff)
    page = client.get(reverse("admin:donations_donation_change", args=[donation.pk])).content.decode()
    client.logout()
    return page


@pytest.mark.parametrize("order", orders(), ids=lambda order: "-".join(map(str, order)))
def test_each_change_shows_once_whatever_the_order_and_repetition(client, order, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    donation = monthly_gift(client)
    events = life_at_stripe(donation)
    for index in order + order[::2]:  # every event, then half of them again
        # Each delivery commits on its own, and its emails go out after it, as on a live site.
        with django_capture_on_commit_callbacks(execute=True):
            response = stripe_post(client, events[index])
        assert response.status_code == 200

    donation.refresh_from_db()
    assert (donation.monthly_status, donation.amount_minor) == ("cancelled", 3000)
    assert donation.ended_at is not None and not donation.is_manageable
    changes = sorted(DonationChange.objects.filter(donation=donation).values_list("kind", flat=True))
    assert changes == ["amount", "cancelled", "failed"]
    amount = DonationChange.objects.get(kind="amount")
    assert (amount.previous_amount_minor, amount.amount_minor) == (2500, 3000)
    assert sorted(LedgerEntry.objects.values_list("kind", "amount_minor")) == [("gift", 2500), ("renewal", 3000)]

    page = donor_page(client, donation)
    assert page.count("Amount changed from 25\u00a0$ to 30\u00a0$") == 1
    assert page.count("Payment of 30\u00a0$ failed") == 1
    assert page.count("Monthly payment received") == 1
    assert page.count("Monthly gift cancelled") == 1
    assert "Cancel my monthly gift" not in page and "Update your card" not in page

    admin = admin_page(client, donation)
    for reference in (f"stripe:{SUB}:price:price_30", f"stripe:{SUB}:invoice:in_cycle_1:failed",
                      f"stripe:{SUB}:ended", "stripe:invoice:in_cycle_1"):
        # One row each, in the changes' or the payments' table.
        assert len(re.findall(r'class="field-reference">\s*<p>' + re.escape(reference) + "</p>", admin)) == 1, \
            reference
    # One email about the failed card however often Stripe retried it, and none when the news came
    # after the payment went through or the gift ended.
    failed_mails = [m for m in mailoutbox if "could not be taken" in m.subject]
    first_failure = min(order.index(1), order.index(3))
    assert len(failed_mails) == (1 if first_failure < min(order.index(4), order.index(6)) else 0)


def test_a_late_report_never_undoes_a_newer_change(client):
    donation = monthly_gift(client)
    stripe_post(client, subscription_updated(donation, created=T0 + 500, amount=4000, price="price_40",
                                             previous=price_before(2500)))
    # Older news of the 30 $ price arrives afterwards: recorded in the history, not applied.
    stripe_post(client, subscription_updated(donation, created=T0 + 100, amount=3000, price="price_30",
                                             previous=price_before(2500)))
    donation.refresh_from_db()
    assert donation.amount_minor == 4000
    assert DonationChange.objects.filter(kind="amount").count() == 2


def test_an_ended_gift_is_never_revived(client):
    donation = monthly_gift(client)
    stripe_post(client, subscription_deleted(donation, created=T0 + 100))
    stripe_post(client, subscription_updated(donation, created=T0 + 900, status="active"))
    stripe_post(client, invoice_paid(invoice_id="in_late", amount=2500, subscription=SUB, created=T0 + 950))
    donation.refresh_from_db()
    assert donation.monthly_status == "cancelled" and donation.ended_at is not None
    # Money Stripe took is still money: recorded, never lost.
    assert LedgerEntry.objects.filter(reference="stripe:invoice:in_late").exists()


def test_stripe_ending_a_gift_after_failed_payments_shows_it_as_lapsed(client):
    donation = monthly_gift(client)
    stripe_post(client, subscription_deleted(donation, created=T0 + 100, reason="payment_failed"))
    donation.refresh_from_db()
    assert donation.monthly_status == "lapsed"
    assert DonationChange.objects.get().kind == "lapsed"


def test_a_skipped_month_at_stripe_shows_once(client):
    donation = monthly_gift(client)
    resumes = T0 + 40 * 86400
    payload = subscription_updated(donation, created=T0 + 100, pause_until=resumes,
                                   previous={"pause_collection": None})
    stripe_post(client, payload)
    stripe_post(client, payload)
    again = subscription_updated(donation, created=T0 + 101, pause_until=resumes, previous={"status": "active"})
    stripe_post(client, again)
    donation.refresh_from_db()
    assert donation.paused_until is not None and int(donation.paused_until.timestamp()) == resumes
    assert list(DonationChange.objects.values_list("kind", flat=True)) == ["skip"]


def test_a_subscription_of_another_system_is_stored_and_ignored(client):
    donation = monthly_gift(client)
    payload = subscription_updated(donation, created=T0 + 100, amount=9900, previous=price_before(2500))
    payload["data"]["object"]["metadata"] = {}
    payload["data"]["object"]["id"] = "sub_someone_else"
    assert stripe_post(client, payload).json()["outcome"] == "ignored"
    assert not DonationChange.objects.exists()


def test_a_failure_event_with_a_forged_signature_changes_nothing(client):
    donation = monthly_gift(client)
    response = stripe_post(client, invoice_failed(invoice_id="in_x", amount=2500, donation=donation,
                                                  subscription=SUB), secret="whsec_attacker")
    assert response.status_code == 400
    donation.refresh_from_db()
    assert donation.monthly_status == "active"
    assert not DonationChange.objects.exists() and PaymentEvent.objects.count() == 1
