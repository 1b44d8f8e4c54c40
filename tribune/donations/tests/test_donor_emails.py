"""The emails a monthly donor gets besides receipts, through a real SMTP server: one clear email
when a payment fails, with the link to fix the card; the yearly statement they ask for."""

import re
import time
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from tribune.donations.models import Donation, LedgerEntry
from tribune.donations.services import ledger_entry_record
from tribune.donations.tokens import manage_token

from .factories import (
    campaign_factory,
    checkout_completed,
    donation_factory,
    invoice_failed,
    invoice_paid,
    stripe_post,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_keys")]

SUB = "sub_1QhT7pKb2mXy9Rz4"


def parts(message) -> tuple[str, str]:
    """Return the plain-text and HTML parts of a received email."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def monthly_gift(client, capture, **fields) -> Donation:
    values = {"frequency": Donation.Frequency.MONTHLY, "subscription_id": SUB, "email": "ana@example.org",
              "donor_name": "Ana"}
    values.update(fields)
    donation = donation_factory(**values)
    with capture(execute=True):
        stripe_post(client, invoice_paid(invoice_id="in_first", amount=2500, subscription=SUB, donation=donation,
                                         billing_reason="subscription_create", customer_email="ana@example.org",
                                         created=int(time.time()) - 3600))
    donation.refresh_from_db()
    return donation


class TestFailedPayment:
    def test_the_donor_gets_one_clear_email_with_a_link_to_fix_the_card(
        self, client, smtp, django_capture_on_commit_callbacks
    ):
        donation = monthly_gift(client, django_capture_on_commit_callbacks)
        smtp.wait_for(1)  # the first payment's receipt
        for attempt in (1, 2, 3):  # Stripe retries the card, and reports each failure
            with django_capture_on_commit_callbacks(execute=True):
                stripe_post(client, invoice_failed(invoice_id="in_cycle", amount=2500, donation=donation,
                                                   subscription=SUB, attempt=attempt))
        failed = [m for m in smtp.wait_for(2) if "could not be taken" in m["Subject"]]
        assert len(failed) == 1 and len(smtp.messages) == 2
        mail = failed[0]
        assert mail.envelope_to == ["ana@example.org"]
        text, html = parts(mail)
        assert "We could not take your monthly gift of 25\u00a0$" in text
        assert "This is the only email about this payment." in text
        link = re.search(r"http://testserver(/support/manage/[^/\s]+/)", text).group(1)
        assert f'href="http://testserver{link}"' in html and "Update your card" in html
        page = client.get(link).content.decode()
        assert "Your last payment failed" in page
        assert f'action="{link}card/"' in page

    def test_no_email_when_the_payment_went_through_before_the_news_of_its_failure(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        donation = monthly_gift(client, django_capture_on_commit_callbacks)
        now = int(time.time())
        with django_capture_on_commit_callbacks(execute=True):
            stripe_post(client, invoice_paid(invoice_id="in_cycle", amount=2500, subscription=SUB, created=now))
        with django_capture_on_commit_callbacks(execute=True):
            stripe_post(client, invoice_failed(invoice_id="in_cycle", amount=2500, donation=donation,
                                               subscription=SUB, created=now - 60))
        assert not [m for m in mailoutbox if "could not be taken" in m.subject]
        donation.refresh_from_db()
        assert donation.monthly_status == "active"

    def test_a_typed_address_nothing_vouches_for_gets_no_failure_email(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        donation = donation_factory(frequency="monthly", subscription_id=SUB, email="victim@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            stripe_post(client, invoice_paid(invoice_id="in_first", amount=2500, subscription=SUB,
                                             donation=donation, billing_reason="subscription_create"))
            stripe_post(client, invoice_failed(invoice_id="in_cycle", amount=2500, donation=donation,
                                               subscription=SUB))
        assert mailoutbox == []

    def test_staff_see_failing_and_lapsed_monthly_donors_in_the_admin(
        self, client, django_capture_on_commit_callbacks
    ):
        failing = monthly_gift(client, django_capture_on_commit_callbacks, donor_name="Failing Fay")
        stripe_post(client, invoice_failed(invoice_id="in_f", amount=2500, donation=failing, subscription=SUB))
        Donation.objects.create(campaign=failing.campaign, amount_minor=1000, currency="USD", email="l@example.org",
                                provider="stripe", frequency="monthly", donor_name="Lapsed Lou",
                                monthly_status="lapsed", checkout_id="cs_lapsed")
        Donation.objects.create(campaign=failing.campaign, amount_minor=1000, currency="USD", email="h@example.org",
                                provider="stripe", frequency="monthly", donor_name="Happy Hal",
                                monthly_status="active", checkout_id="cs_happy")
        staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
        client.force_login(staff)
        changelist = reverse("admin:donations_donation_changelist")
        failing_list = client.get(changelist + "?monthly_status__exact=failing").content.decode()
        assert "Failing Fay" in failing_list and "Lapsed Lou" not in failing_list and "Happy Hal" not in failing_list
        lapsed_list = client.get(changelist + "?monthly_status__exact=lapsed").content.decode()
        assert "Lapsed Lou" in lapsed_list and "Failing Fay" not in lapsed_list
        assert "Payment failing" in client.get(changelist).content.decode()


class TestStatement:
    def gifts(self, client, capture) -> Donation:
        """Ana gives monthly (two payments in 2026, one in 2025), once more one time, and once as a test."""
        donation = monthly_gift(client, capture)
        campaign = donation.campaign
        LedgerEntry.objects.filter(donation=donation).delete()
        for reference, amount, when, kind in [
            ("stripe:invoice:in_25", 2500, datetime(2025, 12, 20, tzinfo=UTC), "gift"),
            ("stripe:invoice:in_26a", 2500, datetime(2026, 1, 20, tzinfo=UTC), "renewal"),
            ("stripe:invoice:in_26b", 3000, datetime(2026, 2, 20, tzinfo=UTC), "renewal"),
        ]:
            ledger_entry_record(campaign=campaign, kind=kind, amount_minor=amount, currency="USD",
                                reference=reference, occurred_at=when, donation=donation)
        other = campaign_factory(name="Fund the court reporter")
        once = donation_factory(campaign=other, email="ana@example.org", amount_minor=10_000)
        with capture(execute=True):
            stripe_post(client, checkout_completed(once, payment_intent="pi_once", payer_email="ana@example.org"))
        LedgerEntry.objects.filter(reference="stripe:payment:pi_once").update(
            occurred_at=datetime(2026, 6, 1, tzinfo=UTC))
        ledger_entry_record(campaign=campaign, kind="gift", amount_minor=99_900, currency="USD",
                            reference="test:payment:1", donation=donation, is_test=True,
                            occurred_at=datetime(2026, 3, 1, tzinfo=UTC))
        # Another donor's gift never shows in Ana's statement.
        ben = donation_factory(campaign=campaign, email="ben@example.org", amount_minor=7_700)
        with capture(execute=True):
            stripe_post(client, checkout_completed(ben, payment_intent="pi_ben", payer_email="ben@example.org"))
        return donation

    def test_the_donor_asks_for_the_years_statement_and_gets_all_their_gifts(
        self, client, smtp, django_capture_on_commit_callbacks
    ):
        donation = self.gifts(client, django_capture_on_commit_callbacks)
        before = len(smtp.messages)
        url = reverse("donations:manage_statement", kwargs={"token": manage_token(donation=donation)})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"year": "2026"}, follow=True)
        assert "Your statement for 2026 is on its way to ana@example.org." in response.content.decode()
        mail = smtp.wait_for(before + 1)[-1]
        assert mail.envelope_to == ["ana@example.org"] and "2026 statement" in mail["Subject"]
        text, html = parts(mail)
        lines = [line for line in text.splitlines() if " · " in line and "$" in line]
        assert len(lines) == 3
        assert "Total (USD): $155" in text
        # Not the 2025 payment, not the test payment, not Ben's gift.
        assert "Dec. 20, 2025" not in text and "999" not in text and "77\u00a0$" not in text
        assert "Fund the court reporter" in html and "$155" in html

    def test_no_statement_without_an_address_something_vouches_for(self, client):
        donation = donation_factory(frequency="monthly", monthly_status="active", email="typed@example.org")
        url = reverse("donations:manage_statement", kwargs={"token": manage_token(donation=donation)})
        response = client.post(url, {"year": "2026"})
        assert response.status_code == 409 and "no confirmed address" in response.content.decode()

    @pytest.mark.parametrize("year", ["1999", "abc", "", "2026; DROP"])
    def test_a_year_not_offered_is_a_form_error(self, client, year, django_capture_on_commit_callbacks):
        donation = monthly_gift(client, django_capture_on_commit_callbacks)
        url = reverse("donations:manage_statement", kwargs={"token": manage_token(donation=donation)})
        assert client.post(url, {"year": year}).status_code == 400

    @override_settings(DONATIONS_STATEMENT_RATE=(1, 86400))
    def test_asking_again_and_again_is_slowed_down(self, client, mailoutbox, django_capture_on_commit_callbacks):
        donation = monthly_gift(client, django_capture_on_commit_callbacks)
        url = reverse("donations:manage_statement", kwargs={"token": manage_token(donation=donation)})
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, {"year": "2026"}).status_code == 302
            second = client.post(url, {"year": "2026"})
        assert second.status_code == 429
        assert len([m for m in mailoutbox if "statement" in m.subject]) == 1
