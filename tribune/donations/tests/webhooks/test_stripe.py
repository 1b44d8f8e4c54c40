"""Stripe's webhook records the money in signed events exactly once, and refuses everything else."""

import json
import time

import pytest
from django.test import override_settings

from tribune.donations.models import Donation, LedgerEntry, PaymentEvent, SupporterMark
from tribune.donations.selectors import goal_progress, raised_minor

from ..factories import (
    charge_refunded,
    checkout_completed,
    dispute,
    donation_factory,
    event,
    invoice_paid,
    sign,
    stripe_post,
    subscription_completed,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_keys")]


class TestGifts:
    def test_paid_checkout_adds_the_gift_and_raises_the_meter(
        self, client, django_capture_on_commit_callbacks
    ):
        donation = donation_factory(amount_minor=2500)
        with django_capture_on_commit_callbacks(execute=True):
            response = stripe_post(client, checkout_completed(donation, payment_intent="pi_A"))
        assert response.status_code == 200
        assert response.json() == {"received": True, "duplicate": False, "outcome": "recorded"}
        entry = LedgerEntry.objects.get()
        assert (entry.kind, entry.amount_minor, entry.donation, entry.payment_ref) == (
            "gift",
            2500,
            donation,
            "pi_A",
        )
        assert goal_progress(campaign=donation.campaign).label_raised == "25\u00a0$"

    def test_the_same_event_delivered_twice_counts_once(self, client):
        donation = donation_factory()
        payload = checkout_completed(donation, event_id="evt_same")
        first = stripe_post(client, payload)
        second = stripe_post(client, payload)
        assert first.json()["duplicate"] is False
        assert second.status_code == 200 and second.json()["duplicate"] is True
        assert raised_minor(campaign=donation.campaign) == 2500
        assert PaymentEvent.objects.count() == 1

    def test_two_events_about_the_same_payment_count_once(self, client):
        donation = donation_factory()
        stripe_post(client, checkout_completed(donation, payment_intent="pi_A"))
        again = checkout_completed(donation, payment_intent="pi_A")
        again["type"] = "checkout.session.async_payment_succeeded"
        stripe_post(client, again)
        assert PaymentEvent.objects.count() == 2
        assert raised_minor(campaign=donation.campaign) == 2500

    def test_unpaid_checkout_records_nothing(self, client):
        donation = donation_factory()
        response = stripe_post(client, checkout_completed(donation, payment_status="unpaid"))
        assert response.json()["outcome"] == "ignored"
        assert not LedgerEntry.objects.exists()

    def test_gift_grants_the_supporter_mark_the_donor_asked_for(self, client):
        donation = donation_factory(show_supporter=True, email="Ana@Example.org")
        stripe_post(client, checkout_completed(donation))
        assert SupporterMark.objects.filter(email="ana@example.org").exists()

    def test_gift_without_the_choice_grants_no_mark(self, client):
        stripe_post(client, checkout_completed(donation_factory(show_supporter=False)))
        assert not SupporterMark.objects.exists()

    def test_receipt_is_emailed_once(self, client, mailoutbox, django_capture_on_commit_callbacks):
        donation = donation_factory(donor_name="Ana", show_supporter=True)
        payload = checkout_completed(donation, event_id="evt_receipt")
        with django_capture_on_commit_callbacks(execute=True):
            stripe_post(client, payload)
        with django_capture_on_commit_callbacks(execute=True):
            stripe_post(client, payload)
        assert len(mailoutbox) == 1
        mail = mailoutbox[0]
        assert mail.to == ["reader@example.org"]
        assert "25\u00a0$" in mail.body and "Dear Ana" in mail.body
        assert "http://testserver/support/supporter/" in mail.body
        assert "TEST PAYMENT" not in mail.body

    def test_unknown_event_type_is_stored_and_ignored(self, client):
        response = stripe_post(client, event("customer.created", {"id": "cus_1", "object": "customer"}))
        assert response.status_code == 200
        assert PaymentEvent.objects.get().outcome == "ignored"
        assert not LedgerEntry.objects.exists()

    def test_checkout_of_another_system_is_ignored(self, client):
        donation = donation_factory()
        payload = checkout_completed(donation)
        payload["data"]["object"]["metadata"] = {}
        payload["data"]["object"]["client_reference_id"] = None
        assert stripe_post(client, payload).json()["outcome"] == "ignored"
        assert not LedgerEntry.objects.exists()

    def test_amount_in_another_currency_is_kept_as_failed_not_counted(self, client):
        donation = donation_factory()
        payload = checkout_completed(donation)
        payload["data"]["object"]["currency"] = "eur"
        response = stripe_post(client, payload)
        assert response.status_code == 200
        stored = PaymentEvent.objects.get()
        assert stored.outcome == "failed" and "ledger_currency_mismatch" in stored.detail
        assert not LedgerEntry.objects.exists()


class TestStripeTestMode:
    """Recorded payloads of Stripe's test mode (livemode false): kept, marked, never counted."""

    def test_test_mode_gift_is_recorded_as_a_test_and_never_raises_the_meter(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        # The live site's endpoint receives a test event (a test-mode endpoint's secret reused, or
        # the dashboard's test events): it moves no money.
        donation = donation_factory(amount_minor=900_000, show_supporter=True, email="ana@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            response = stripe_post(client, checkout_completed(donation, livemode=False))
        assert response.json()["outcome"] == "recorded"
        entry = LedgerEntry.objects.get()
        assert (entry.amount_minor, entry.is_test) == (900_000, True)
        assert raised_minor(campaign=donation.campaign) == 0
        assert goal_progress(campaign=donation.campaign).label_raised == "0 $"
        assert not SupporterMark.objects.exists()
        assert mailoutbox == []

    def test_an_event_without_livemode_counts_as_a_test(self, client):
        donation = donation_factory()
        payload = checkout_completed(donation)
        del payload["livemode"]
        stripe_post(client, payload)
        assert LedgerEntry.objects.get().is_test
        assert raised_minor(campaign=donation.campaign) == 0

    def test_test_mode_renewals_and_refunds_stay_out_of_the_meter(self, client):
        donation = donation_factory(frequency=Donation.Frequency.MONTHLY)
        first = invoice_paid(invoice_id="in_t1", amount=2500, donation=donation,
                             billing_reason="subscription_create", payment_intent="pi_t1")
        renewal = invoice_paid(invoice_id="in_t2", amount=2500, donation=donation, payment_intent="pi_t2")
        refund = charge_refunded(payment_intent="pi_t2", amount_refunded=2500)
        for payload in (first, renewal, refund):
            payload["livemode"] = False
            assert stripe_post(client, payload).json()["outcome"] == "recorded"
        assert sorted(LedgerEntry.objects.values_list("kind", "amount_minor", "is_test")) == [
            ("gift", 2500, True), ("refund", -2500, True), ("renewal", 2500, True)]
        assert raised_minor(campaign=donation.campaign) == 0

    def test_live_and_test_money_side_by_side(self, client):
        live = donation_factory(amount_minor=3000)
        test = donation_factory(campaign=live.campaign, amount_minor=7000)
        stripe_post(client, checkout_completed(live, payment_intent="pi_live"))
        stripe_post(client, checkout_completed(test, payment_intent="pi_test", livemode=False))
        assert raised_minor(campaign=live.campaign) == 3000

    def test_a_site_in_stripe_test_mode_says_so_and_counts_nothing(self, client, stripe_test_keys):
        donation = donation_factory()
        stripe_post(client, checkout_completed(donation, livemode=False))
        page = client.get(donation.campaign.get_absolute_url()).content.decode()
        assert "Test mode" in page
        assert raised_minor(campaign=donation.campaign) == 0


class TestReceiptAddress:
    def test_receipt_goes_to_the_address_stripe_reports_the_payer_used(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        donation = donation_factory(email="typed@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            stripe_post(client, checkout_completed(donation, payer_email="Payer@Example.org"))
        assert [m.to for m in mailoutbox] == [["Payer@Example.org"]]
        donation.refresh_from_db()
        assert donation.payer_email == "Payer@Example.org"

    def test_without_an_address_from_stripe_no_receipt_is_sent(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        donation = donation_factory(email="typed@example.org", show_supporter=True)
        payload = checkout_completed(donation)
        payload["data"]["object"]["customer_details"] = None
        payload["data"]["object"]["customer_email"] = "not an address"
        with django_capture_on_commit_callbacks(execute=True):
            stripe_post(client, payload)
        assert raised_minor(campaign=donation.campaign) == 2500
        assert mailoutbox == []
        # Nothing vouches for the typed address, so no guest mark is kept for it either.
        assert not SupporterMark.objects.exists()

    def test_renewal_receipts_go_to_the_invoices_customer_email(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        donation = donation_factory(frequency=Donation.Frequency.MONTHLY, email="typed@example.org")
        payload = invoice_paid(invoice_id="in_r1", amount=2500, donation=donation,
                               billing_reason="subscription_create")
        payload["data"]["object"]["customer_email"] = "payer@example.org"
        with django_capture_on_commit_callbacks(execute=True):
            stripe_post(client, payload)
        assert [m.to for m in mailoutbox] == [["payer@example.org"]]


class TestMonthlyGifts:
    def test_first_invoice_is_a_gift_and_the_next_a_renewal(self, client):
        donation = donation_factory(frequency=Donation.Frequency.MONTHLY)
        stripe_post(client, subscription_completed(donation, subscription="sub_9"))
        stripe_post(
            client,
            invoice_paid(
                invoice_id="in_1",
                amount=2500,
                subscription="sub_9",
                donation=donation,
                billing_reason="subscription_create",
            ),
        )
        stripe_post(
            client,
            invoice_paid(
                invoice_id="in_2", amount=2500, subscription="sub_9", billing_reason="subscription_cycle"
            ),
        )
        kinds = sorted(LedgerEntry.objects.values_list("kind", flat=True))
        assert kinds == ["gift", "renewal"]
        assert raised_minor(campaign=donation.campaign) == 5000
        donation.refresh_from_db()
        assert donation.subscription_id == "sub_9"

    def test_subscription_checkout_itself_adds_no_money(self, client):
        donation = donation_factory(frequency=Donation.Frequency.MONTHLY)
        stripe_post(client, subscription_completed(donation))
        assert not LedgerEntry.objects.exists()

    def test_renewal_before_its_subscription_is_known_waits_then_counts(self, client):
        donation = donation_factory(frequency=Donation.Frequency.MONTHLY)
        early = stripe_post(client, invoice_paid(invoice_id="in_7", amount=2500, subscription="sub_7"))
        assert early.json()["outcome"] == "waiting"
        assert not LedgerEntry.objects.exists()
        stripe_post(client, subscription_completed(donation, subscription="sub_7"))
        stripe_post(
            client,
            invoice_paid(
                invoice_id="in_6",
                amount=2500,
                subscription="sub_7",
                donation=donation,
                billing_reason="subscription_create",
            ),
        )
        assert raised_minor(campaign=donation.campaign) == 5000
        assert PaymentEvent.objects.get(type="invoice.paid", outcome="recorded", payload__contains="in_7")

    def test_refund_of_a_renewal_finds_its_gift_through_the_payment(self, client):
        donation = donation_factory(frequency=Donation.Frequency.MONTHLY)
        stripe_post(
            client,
            invoice_paid(
                invoice_id="in_1",
                amount=2500,
                donation=donation,
                billing_reason="subscription_create",
                payment_intent="pi_first",
            ),
        )
        stripe_post(
            client,
            invoice_paid(invoice_id="in_2", amount=2500, donation=donation, payment_intent="pi_second"),
        )
        stripe_post(client, charge_refunded(payment_intent="pi_second", amount_refunded=2500))
        assert LedgerEntry.objects.get(kind="refund").donation == donation
        assert raised_minor(campaign=donation.campaign) == 2500

    def test_renewal_keeps_a_withdrawn_mark_withdrawn(self, client):
        donation = donation_factory(frequency=Donation.Frequency.MONTHLY, show_supporter=True)
        stripe_post(
            client,
            invoice_paid(
                invoice_id="in_1", amount=2500, donation=donation, billing_reason="subscription_create"
            ),
        )
        SupporterMark.objects.all().delete()
        stripe_post(client, invoice_paid(invoice_id="in_2", amount=2500, donation=donation))
        assert not SupporterMark.objects.exists()


class TestRefundsAndDisputes:
    def test_refund_lowers_the_meter(self, client):
        donation = donation_factory(amount_minor=2500)
        stripe_post(client, checkout_completed(donation, payment_intent="pi_R"))
        response = stripe_post(client, charge_refunded(payment_intent="pi_R", amount_refunded=2500))
        assert response.json()["outcome"] == "recorded"
        refund = LedgerEntry.objects.get(kind="refund")
        assert refund.amount_minor == -2500 and refund.donation == donation
        assert raised_minor(campaign=donation.campaign) == 0
        # The gift row is still there, unchanged: the correction is a new row.
        assert LedgerEntry.objects.get(kind="gift").amount_minor == 2500

    def test_partial_refunds_count_each_part_once_in_any_order(self, client):
        donation = donation_factory(amount_minor=5000)
        stripe_post(client, checkout_completed(donation, payment_intent="pi_P"))
        second = charge_refunded(payment_intent="pi_P", amount_refunded=3000, amount=5000)
        first = charge_refunded(payment_intent="pi_P", amount_refunded=1000, amount=5000)
        stripe_post(client, second)
        stripe_post(client, first)
        stripe_post(client, second)
        assert raised_minor(campaign=donation.campaign) == 2000

    def test_refund_before_its_gift_waits_and_then_counts_once(self, client):
        donation = donation_factory(amount_minor=2500)
        early = stripe_post(client, charge_refunded(payment_intent="pi_L", amount_refunded=1000))
        assert early.json()["outcome"] == "waiting"
        assert raised_minor(campaign=donation.campaign) == 0
        stripe_post(client, checkout_completed(donation, payment_intent="pi_L"))
        assert raised_minor(campaign=donation.campaign) == 1500
        assert not PaymentEvent.objects.filter(outcome="waiting").exists()

    def test_refund_carrying_the_donation_id_counts_even_before_the_gift(self, client):
        donation = donation_factory(amount_minor=2500)
        stripe_post(
            client,
            charge_refunded(
                payment_intent="pi_M", amount_refunded=2500, metadata={"donation_id": str(donation.pk)}
            ),
        )
        stripe_post(client, checkout_completed(donation, payment_intent="pi_M"))
        assert raised_minor(campaign=donation.campaign) == 0

    def test_dispute_takes_the_money_back_and_a_won_dispute_returns_it(self, client):
        donation = donation_factory(amount_minor=2500)
        stripe_post(client, checkout_completed(donation, payment_intent="pi_D"))
        stripe_post(
            client,
            dispute(
                "charge.dispute.created",
                dispute_id="dp_1",
                payment_intent="pi_D",
                amount=2500,
                status="needs_response",
            ),
        )
        assert raised_minor(campaign=donation.campaign) == 0
        stripe_post(
            client,
            dispute(
                "charge.dispute.closed", dispute_id="dp_1", payment_intent="pi_D", amount=2500, status="won"
            ),
        )
        assert raised_minor(campaign=donation.campaign) == 2500

    def test_lost_dispute_adds_nothing_more(self, client):
        donation = donation_factory(amount_minor=2500)
        stripe_post(client, checkout_completed(donation, payment_intent="pi_D"))
        stripe_post(
            client,
            dispute(
                "charge.dispute.created",
                dispute_id="dp_2",
                payment_intent="pi_D",
                amount=2500,
                status="needs_response",
            ),
        )
        stripe_post(
            client,
            dispute(
                "charge.dispute.closed", dispute_id="dp_2", payment_intent="pi_D", amount=2500, status="lost"
            ),
        )
        assert raised_minor(campaign=donation.campaign) == 0


class TestRefusals:
    """Unsigned, forged or unreadable requests get a 4xx and leave no trace."""

    def assert_nothing_recorded(self):
        assert not PaymentEvent.objects.exists()
        assert not LedgerEntry.objects.exists()

    def test_unsigned_request_is_refused(self, client):
        donation = donation_factory()
        response = stripe_post(client, checkout_completed(donation), signature="")
        assert response.status_code == 400
        self.assert_nothing_recorded()

    def test_request_signed_with_another_secret_is_refused(self, client):
        response = stripe_post(client, checkout_completed(donation_factory()), secret="whsec_forged")
        assert response.status_code == 400
        assert response.json()["error"] == "Invalid signature."
        self.assert_nothing_recorded()

    def test_payload_changed_after_signing_is_refused(self, client):
        donation = donation_factory(amount_minor=2500)
        payload = json.dumps(checkout_completed(donation))
        header = sign(payload)
        tampered = payload.replace('"amount_total": 2500', '"amount_total": 2500000')
        assert tampered != payload
        assert stripe_post(client, tampered, signature=header).status_code == 400
        self.assert_nothing_recorded()

    def test_old_signature_replayed_later_is_refused(self, client):
        payload = checkout_completed(donation_factory())
        response = stripe_post(client, payload, timestamp=int(time.time()) - 3600)
        assert response.status_code == 400
        self.assert_nothing_recorded()

    @pytest.mark.parametrize("header", ["garbage", "t=abc,v1=00", "v1=deadbeef", "t=1,v0=abc", "t=,v1="])
    def test_malformed_signature_header_is_refused(self, client, header):
        assert (
            stripe_post(client, checkout_completed(donation_factory()), signature=header).status_code == 400
        )
        self.assert_nothing_recorded()

    @pytest.mark.parametrize("body", ["not json", "[]", '{"id": 1}', "null", '{"object": "event"}'])
    def test_signed_body_that_is_not_an_event_is_refused(self, client, body):
        response = stripe_post(client, body)
        assert response.status_code == 400
        self.assert_nothing_recorded()

    def test_body_that_is_not_utf8_is_refused(self, client):
        from django.urls import reverse

        response = client.post(
            reverse("donations:stripe_webhook"),
            data=b"\xff\xfe{}",
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE="t=1,v1=00",
        )
        assert response.status_code == 400
        self.assert_nothing_recorded()

    def test_get_is_not_allowed(self, client):
        from django.urls import reverse

        assert client.get(reverse("donations:stripe_webhook")).status_code == 405

    def test_without_a_webhook_secret_every_request_is_refused(self, client):
        payload = checkout_completed(donation_factory())
        with override_settings(STRIPE_SECRET_KEY="", STRIPE_WEBHOOK_SECRET=""):
            response = stripe_post(client, payload)
        assert response.status_code == 404
        self.assert_nothing_recorded()


class TestWaitingEvents:
    def test_an_event_whose_gift_never_comes_is_handed_to_staff_after_the_wait(self, client):
        from datetime import timedelta

        from django.utils import timezone

        stripe_post(client, charge_refunded(payment_intent="pi_elsewhere", amount_refunded=900))
        PaymentEvent.objects.update(received_at=timezone.now() - timedelta(days=4))
        stripe_post(client, checkout_completed(donation_factory(), payment_intent="pi_here"))
        stale = PaymentEvent.objects.get(type="charge.refunded")
        assert stale.outcome == "failed" and "never became known" in stale.detail
        assert not LedgerEntry.objects.filter(kind="refund").exists()

    def test_event_id_too_long_for_the_store_is_refused(self, client):
        payload = checkout_completed(donation_factory(), event_id="evt_" + "x" * 300)
        assert stripe_post(client, payload).status_code == 400
        assert not PaymentEvent.objects.exists()
