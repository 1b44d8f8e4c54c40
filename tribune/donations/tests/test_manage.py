"""A donor manages a gift from the signed link in their receipts, without an account: change the
amount, skip a month, cancel, or go to Stripe's page for the card. Opening the link changes
nothing; a forged or old link is refused with a page that says so."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tribune.donations.models import Donation, DonationChange, LedgerEntry
from tribune.donations.tokens import donation_token, manage_token

from .factories import donation_factory, invoice_paid, price_before, stripe_post, subscription_updated
from .stripe_http import recorded

pytestmark = pytest.mark.django_db

SUB = "sub_1QhT7pKb2mXy9Rz4"
SUB_PATH = f"/v1/subscriptions/{SUB}"


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.replace("&#x27;", "'").replace("&quot;", '"').replace("\u00a0", " ").split())


def manage_url(donation, action: str = "") -> str:
    name = f"donations:manage_{action}" if action else "donations:manage"
    return reverse(name, kwargs={"token": manage_token(donation=donation)})


def stripe_monthly(client, **fields) -> Donation:
    """A live monthly gift of 25 $ at Stripe, first payment reported, payer ana@example.org."""
    values = {"frequency": Donation.Frequency.MONTHLY, "subscription_id": SUB, "email": "ana@example.org",
              "donor_name": "Ana"}
    values.update(fields)
    donation = donation_factory(**values)
    stripe_post(client, invoice_paid(invoice_id="in_first", amount=2500, subscription=SUB, donation=donation,
                                     billing_reason="subscription_create", customer_email="ana@example.org",
                                     created=int(time.time()) - 3600))
    donation.refresh_from_db()
    return donation


def subscription(**changes) -> dict:
    answer = recorded("subscription")
    item = answer["items"]["data"][0]
    if "amount" in changes:
        item["price"]["unit_amount"] = changes.pop("amount")
        item["price"]["id"] = changes.pop("price")
    answer.update(changes)
    return answer


class TestTheLink:
    def test_the_receipt_carries_a_link_that_opens_the_gift_without_an_account(
        self, client, stripe_keys, mailoutbox, django_capture_on_commit_callbacks
    ):
        donation = donation_factory(frequency="monthly", subscription_id=SUB, email="ana@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            stripe_post(client, invoice_paid(invoice_id="in_1", amount=2500, subscription=SUB, donation=donation,
                                             billing_reason="subscription_create", customer_email="ana@example.org"))
        mail = mailoutbox[0]
        html = mail.alternatives[0][0]
        assert mail.alternatives[0][1] == "text/html"
        link = re.search(r"http://testserver(/support/manage/[^/\s]+/)", mail.body).group(1)
        assert link in html
        page = client.get(link)
        assert page.status_code == 200
        assert "Your monthly gift" in text(page) and "Change the amount" in text(page)
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
        assert '<meta name="robots" content="noindex">' in page.content.decode()

    def test_a_forged_link_is_refused_with_a_clear_page(self, client):
        donation = donation_factory()
        token = manage_token(donation=donation)
        for forged in (token[:-2] + ("aa" if not token.endswith("aa") else "bb"), "x" * 40,
                       donation_token(donation=donation), signing.dumps({"m": donation.pk}, salt="other")):
            response = client.get(reverse("donations:manage", kwargs={"token": forged}))
            assert response.status_code == 404
            assert "This link does not work" in text(response)
            assert "Email me a new link" in text(response)
            assert "ana" not in text(response).lower() and "25 $" not in text(response)

    def test_an_old_link_is_refused_with_a_clear_page_that_offers_a_new_one(self, client):
        donation = donation_factory()
        with mock.patch("django.core.signing.time.time", return_value=time.time() - 91 * 86400):
            token = manage_token(donation=donation)
        response = client.get(reverse("donations:manage", kwargs={"token": token}))
        assert response.status_code == 410
        assert "This link is too old" in text(response) and "Email me a new link" in text(response)
        post = client.post(reverse("donations:manage_cancel", kwargs={"token": token}))
        assert post.status_code == 410

    @override_settings(DONATIONS_MANAGE_LINK_MAX_AGE=timedelta(days=400))
    def test_how_long_a_link_works_is_a_setting(self, client):
        donation = donation_factory()
        with mock.patch("django.core.signing.time.time", return_value=time.time() - 91 * 86400):
            token = manage_token(donation=donation)
        assert client.get(reverse("donations:manage", kwargs={"token": token})).status_code == 200

    def test_opening_the_links_changes_nothing_only_a_post_does(self, client, stripe_keys, recorded_stripe):
        layer = recorded_stripe({})
        donation = stripe_monthly(client)
        for action in ("amount", "skip", "cancel", "card", "name", "statement"):
            assert client.get(manage_url(donation, action)).status_code == 405
        client.get(manage_url(donation))
        assert layer.requests == []
        donation.refresh_from_db()
        assert donation.monthly_status == "active" and not DonationChange.objects.exists()

    def test_a_post_without_the_csrf_token_is_refused(self, stripe_keys, recorded_stripe):
        layer = recorded_stripe({})
        checked = Client(enforce_csrf_checks=True)
        donation = stripe_monthly(checked)
        assert checked.post(manage_url(donation, "cancel")).status_code == 403
        assert layer.requests == []
        donation.refresh_from_db()
        assert donation.monthly_status == "active"


@pytest.mark.usefixtures("stripe_keys")
class TestChangesAtStripe:
    def test_change_the_amount_from_the_next_payment_on(self, client, recorded_stripe):
        layer = recorded_stripe({
            ("GET", SUB_PATH): [subscription()],
            ("POST", SUB_PATH): [subscription(amount=3000, price="price_new_3000")],
        })
        donation = stripe_monthly(client)
        response = client.post(manage_url(donation, "amount"), {"amount": "30"}, follow=True)
        assert "Done: your monthly gift is now 30 $, from the next payment on." in text(response)
        assert "Amount changed from 25 $ to 30 $" in text(response)
        body = layer.asked("POST", SUB_PATH)[0]["body"]
        assert body["items[0][price_data][unit_amount]"] == ["3000"]
        assert body["items[0][price_data][product]"] == ["prod_TqB3Keep8Indep"]
        assert body["items[0][id]"] == ["si_TqB3Hd7sPq0Wl"] and body["proration_behavior"] == ["none"]
        assert layer.asked("POST", SUB_PATH)[0]["headers"]["Idempotency-Key"].startswith("tribune-monthly-")
        # Stripe's own report of the same change, arriving afterwards, adds nothing.
        stripe_post(client, subscription_updated(donation, created=int(time.time()), amount=3000,
                                                 price="price_new_3000", previous=price_before(2500)))
        assert text(client.get(manage_url(donation))).count("Amount changed from 25 $ to 30 $") == 1
        donation.refresh_from_db()
        assert donation.amount_minor == 3000

    @pytest.mark.parametrize(("typed", "message", "status"), [
        ("", "Write the new amount", 400),
        ("thirty", "Write the amount as a number", 400),
        ("0.50", "The smallest gift is 1 $.", 400),
        ("20000", "The largest gift online is 10,000 $", 400),
        ("25", "That is already the amount of your monthly gift.", 400),
    ])
    def test_a_bad_amount_is_a_clear_error_and_stripe_is_not_asked(self, client, recorded_stripe, typed, message,
                                                                  status):
        layer = recorded_stripe({})
        donation = stripe_monthly(client)
        response = client.post(manage_url(donation, "amount"), {"amount": typed})
        assert response.status_code == status and message in text(response)
        assert layer.requests == []

    def test_skip_the_next_payment(self, client, recorded_stripe):
        period_end = recorded("subscription")["items"]["data"][0]["current_period_end"]
        resumes = period_end + 86400
        layer = recorded_stripe({
            ("GET", SUB_PATH): [subscription()],
            ("POST", SUB_PATH): [subscription(pause_collection={"behavior": "void", "resumes_at": resumes})],
        })
        donation = stripe_monthly(client)
        page = text(client.post(manage_url(donation, "skip"), follow=True))
        assert "Done: your next monthly payment is skipped." in page
        assert "Your payment of Jan. 1, 2027 is skipped." in page
        body = layer.asked("POST", SUB_PATH)[0]["body"]
        assert body["pause_collection[behavior]"] == ["void"]
        assert body["pause_collection[resumes_at]"] == [str(resumes)]
        # Skipping again while skipped is refused without asking Stripe.
        again = client.post(manage_url(donation, "skip"))
        assert again.status_code == 409 and "already skipped" in text(again)
        assert len(layer.asked("POST", SUB_PATH)) == 1

    def test_cancel_ends_the_gift_and_nothing_can_be_changed_after(self, client, recorded_stripe):
        ended = int(time.time())
        layer = recorded_stripe({("DELETE", SUB_PATH): [subscription(
            status="canceled", canceled_at=ended, ended_at=ended,
            cancellation_details={"comment": "Cancelled by the donor on the site.", "feedback": None,
                                  "reason": "cancellation_requested"})]})
        donation = stripe_monthly(client)
        page = text(client.post(manage_url(donation, "cancel"), follow=True))
        assert "Done: your monthly gift is cancelled." in page
        assert "This monthly gift is cancelled: nothing more is taken." in page
        assert "Change the amount" not in page and "Skip the next payment" not in page
        again = client.post(manage_url(donation, "cancel"))
        assert again.status_code == 409 and "has ended" in text(again)
        assert len(layer.asked("DELETE", SUB_PATH)) == 1
        assert DonationChange.objects.get().kind == "cancelled"

    def test_the_card_is_updated_on_stripes_customer_portal(self, client, recorded_stripe):
        layer = recorded_stripe({("POST", "/v1/billing_portal/sessions"): [recorded("billing_portal_session")]})
        donation = stripe_monthly(client)
        page = client.get(manage_url(donation))
        assert "https://billing.stripe.com" in page["Content-Security-Policy"].split("form-action")[1].split(";")[0]
        # One token for both addresses: a token made a second later would read differently.
        token = manage_token(donation=donation)
        response = client.post(reverse("donations:manage_card", kwargs={"token": token}))
        assert response.status_code == 302
        assert response["Location"].startswith("https://billing.stripe.com/p/session/")
        body = layer.asked("POST", "/v1/billing_portal/sessions")[0]["body"]
        assert body["customer"] == ["cus_TqB3xN8vLm2KdE"]
        assert body["flow_data[type]"] == ["payment_method_update"]
        assert body["return_url"] == ["http://testserver" + reverse("donations:manage", kwargs={"token": token})]

    def test_stripe_not_answering_is_an_error_page_and_nothing_changes(self, client, recorded_stripe):
        recorded_stripe({("GET", SUB_PATH): [(500, {"error": {"type": "api_error", "message": "Try later"}})]})
        donation = stripe_monthly(client)
        response = client.post(manage_url(donation, "amount"), {"amount": "40"})
        assert response.status_code == 502 and "Nothing was changed" in text(response)
        donation.refresh_from_db()
        assert donation.amount_minor == 2500 and not DonationChange.objects.exists()

    @override_settings(DONATIONS_MANAGE_RATE=(2, 3600))
    def test_a_leaked_link_cannot_hammer_the_payment_service(self, client, recorded_stripe):
        layer = recorded_stripe({("POST", "/v1/billing_portal/sessions"): [recorded("billing_portal_session")]})
        donation = stripe_monthly(client)
        for _ in range(2):
            assert client.post(manage_url(donation, "card")).status_code == 302
        third = client.post(manage_url(donation, "card"))
        assert third.status_code == 429 and int(third["Retry-After"]) > 0
        assert len(layer.requests) == 2

    def test_a_gift_from_before_the_site_kept_the_customer_finds_it_through_the_subscription(
        self, client, recorded_stripe
    ):
        layer = recorded_stripe({("GET", SUB_PATH): [subscription()],
                                 ("POST", "/v1/billing_portal/sessions"): [recorded("billing_portal_session")]})
        donation = stripe_monthly(client)
        Donation.objects.filter(pk=donation.pk).update(customer_id="")
        assert client.post(manage_url(donation, "card")).status_code == 302
        assert layer.asked("POST", "/v1/billing_portal/sessions")[0]["body"]["customer"] == ["cus_TqB3xN8vLm2KdE"]

    def test_without_stripe_keys_the_page_says_changes_cannot_be_made(self, client, recorded_stripe, settings):
        donation = stripe_monthly(client)
        settings.STRIPE_SECRET_KEY = ""
        page = client.get(manage_url(donation))
        assert page.status_code == 200 and "Changes cannot be made on the site right now" in text(page)
        response = client.post(manage_url(donation, "cancel"))
        assert response.status_code == 503


class TestTestProvider:
    """A monthly gift through the test provider works end to end on the site itself."""

    def start(self, client) -> tuple[Donation, str]:
        from tribune.donations.payments.testing import testpay_complete

        from .factories import campaign_factory

        donation = donation_factory(campaign=campaign_factory(), frequency="monthly",
                                    provider=Donation.Provider.TEST, email="ana@example.org", donor_name="Ana")
        testpay_complete(donation=donation)
        donation.refresh_from_db()
        thanks = client.get(reverse("donations:thanks", kwargs={"slug": donation.campaign.slug,
                                                                "token": donation_token(donation=donation)}))
        link = re.search(r'href="(/support/manage/[^"]+/)"', thanks.content.decode()).group(1)
        return donation, link

    def test_give_change_skip_renew_fail_fix_and_cancel(self, client):
        donation, link = self.start(client)
        assert donation.monthly_status == "active" and donation.subscription_id == f"test_sub_{donation.pk}"
        first_due = donation.next_payment_at
        page = text(client.get(link))
        assert "Test payments" in page and "Simulate the next payment" in page

        client.post(link + "amount/", {"amount": "12.50"})
        client.post(link + "skip/")
        client.post(link + "test/renewal/")  # the skipped month: nothing taken
        donation.refresh_from_db()
        assert donation.amount_minor == 1250 and donation.paused_until is None
        assert donation.next_payment_at > first_due
        assert LedgerEntry.objects.filter(kind="renewal").count() == 0

        client.post(link + "test/renewal/")
        assert LedgerEntry.objects.get(kind="renewal").amount_minor == 1250
        client.post(link + "test/failure/")
        donation.refresh_from_db()
        assert donation.monthly_status == "failing"
        page = text(client.get(link))
        assert "Your last payment failed" in page and "We could not take 12.50 $" in page

        card = client.post(link + "card/")
        assert card.status_code == 302 and card["Location"].startswith("/support/test-card/")
        assert "Save the new card (test)" in text(client.get(card["Location"]))
        back = client.post(card["Location"])
        assert back["Location"] == "http://testserver" + link
        donation.refresh_from_db()
        assert donation.monthly_status == "active"
        assert LedgerEntry.objects.filter(kind="renewal").count() == 2
        assert all(entry.is_test for entry in LedgerEntry.objects.all())

        client.post(link + "cancel/")
        donation.refresh_from_db()
        assert donation.monthly_status == "cancelled"
        history = text(client.get(link))
        for line in ("Amount changed from 25 $ to 12.50 $", "Next payment skipped", "Payment of 12.50 $ failed",
                     "Monthly gift cancelled"):
            assert history.count(line) == 1, line
        assert history.count("Monthly payment received") == 2

    def test_the_simulations_are_refused_outside_test_payments(self, client, settings):
        donation, link = self.start(client)
        settings.PAYMENTS_TEST_MODE = False
        assert client.post(link + "test/renewal/").status_code == 404
        assert client.post(link + "card/").status_code == 503
        stripe_gift = donation_factory(frequency="monthly", subscription_id=SUB, monthly_status="active")
        settings.PAYMENTS_TEST_MODE = True
        assert client.post(reverse("donations:manage_test", kwargs={
            "token": manage_token(donation=stripe_gift), "what": "renewal"})).status_code == 404
        assert client.post(reverse("donations:manage_test", kwargs={
            "token": manage_token(donation=donation), "what": "anything"})).status_code == 404
        assert not LedgerEntry.objects.filter(kind="renewal").exists()

    def test_a_forged_test_card_link_is_refused(self, client):
        self.start(client)
        assert client.get("/support/test-card/forged/").status_code == 404

    def test_the_thanks_page_link_is_offered_only_while_a_receipts_would_work(self, client):
        donation, _link = self.start(client)
        Donation.objects.filter(pk=donation.pk).update(created_at=timezone.now() - timedelta(days=120))
        thanks = client.get(reverse("donations:thanks", kwargs={"slug": donation.campaign.slug,
                                                                "token": donation_token(donation=donation)}))
        html = thanks.content.decode()
        # No signed link; the page sends the donor to their receipt or to a new link by email.
        assert re.search(r'/support/manage/[^"/]+/', html) is None
        assert 'href="/support/manage/"' in html


class TestNewLink:
    def test_a_donor_gets_fresh_links_by_email_and_a_stranger_learns_nothing(
        self, client, stripe_keys, mailoutbox, django_capture_on_commit_callbacks
    ):
        stripe_monthly(client)
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            known = client.post(reverse("donations:manage_link"), {"email": "ANA@example.org"})
        with django_capture_on_commit_callbacks(execute=True):
            unknown = client.post(reverse("donations:manage_link"), {"email": "nobody@example.org"})
        assert text(known) == text(unknown)
        assert "If this address gave to us, a new link" in text(known)
        assert [m.to for m in mailoutbox] == [["ANA@example.org"]]
        link = re.search(r"http://testserver(/support/manage/[^/\s]+/)", mailoutbox[0].body).group(1)
        assert client.get(link).status_code == 200

    def test_a_typed_address_that_nothing_vouches_for_gets_nothing(self, client, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
        # Anyone may type anyone's address into the donation form: that alone earns no link.
        donation_factory(email="victim@example.org", frequency="monthly", monthly_status="active")
        LedgerEntry.objects.create(campaign=Donation.objects.get().campaign, kind="gift", amount_minor=100,
                                   currency="USD", reference="x", donation=Donation.objects.get())
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("donations:manage_link"), {"email": "victim@example.org"})
        assert mailoutbox == []

    @override_settings(DONATIONS_LINK_RATE=(2, 3600))
    def test_asking_again_and_again_is_slowed_down(self, client):
        for _ in range(2):
            assert client.post(reverse("donations:manage_link"), {"email": "a@example.org"}).status_code == 200
        response = client.post(reverse("donations:manage_link"), {"email": "b@example.org"})
        assert response.status_code == 429 and "Too many requests" in text(response)

    def test_a_bad_address_is_a_form_error(self, client):
        response = client.post(reverse("donations:manage_link"), {"email": "not an email"})
        assert response.status_code == 400 and "Enter a valid email address" in text(response)
