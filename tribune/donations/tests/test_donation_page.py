"""The donation page: choose an amount and how often, give an email, and go to payment."""

import re
from unittest import mock

import pytest
import stripe
from django.test import override_settings

from tribune.donations.models import Donation, LedgerEntry
from tribune.donations.selectors import raised_minor

from .factories import STRIPE_SETTINGS, STRIPE_TEST_SETTINGS, campaign_factory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.replace("&#x27;", "'").replace("\u00a0", " ").split())


def give(client, campaign, REMOTE_ADDR="127.0.0.1", **fields):  # noqa: N803 - the WSGI name
    data = {
        "amount": "2500",
        "custom_amount": "",
        "currency": campaign.currency,
        "frequency": "once",
        "email": "ana@example.org",
        "donor_name": "Ana",
    }
    data.update(fields)
    return client.post(campaign.get_absolute_url(), data, REMOTE_ADDR=REMOTE_ADDR)


class TestDonationPage:
    def test_page_offers_presets_custom_amount_frequency_and_says_it_is_a_test(self, client):
        campaign = campaign_factory()
        response = client.get(campaign.get_absolute_url())
        assert response.status_code == 200
        page = text(response)
        for label in [
            "10 $",
            "25 $",
            "50 $",
            "100 $",
            "Or another amount",
            "One time",
            "Monthly",
            "Email for your receipt",
            "Give anonymously",
            "Supporter",
            "Test mode",
        ]:
            assert label in page
        assert "no real money moves" in page

    def test_without_monthly_only_one_time_is_offered(self, client):
        campaign = campaign_factory(allow_monthly=False)
        page = text(client.get(campaign.get_absolute_url()))
        assert "Monthly" not in page
        assert give(client, campaign, frequency="monthly").status_code == 400
        assert not Donation.objects.exists()

    def test_inactive_campaign_is_not_found(self, client):
        campaign = campaign_factory(is_active=False)
        assert client.get(campaign.get_absolute_url()).status_code == 404


class TestAmountValidation:
    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"amount": "", "custom_amount": "0.50"}, "The smallest gift is 1 $."),
            ({"amount": "", "custom_amount": "0"}, "The smallest gift is 1 $."),
            ({"custom_amount": "20000"}, "The largest gift online is 10,000 $"),
            ({"custom_amount": "12.345"}, "Write the amount as a number"),
            ({"custom_amount": "-5"}, "Write the amount as a number"),
            ({"custom_amount": "1e5"}, "Write the amount as a number"),
            ({"custom_amount": "NaN"}, "Write the amount as a number"),
            ({"custom_amount": "<script>alert(1)</script>"}, "Ensure this value has at most 20 characters"),
            ({"amount": "999999"}, "Select a valid choice"),
            ({"amount": ""}, "Choose an amount or write another one."),
            ({"currency": "EUR"}, "This campaign takes gifts in USD."),
            ({"email": "not-an-email"}, "Enter a valid email address."),
            ({"email": ""}, "This field is required."),
            ({"frequency": "yearly"}, "Select a valid choice"),
        ],
    )
    def test_bad_input_is_a_clear_error_and_nothing_is_kept(self, client, fields, message):
        campaign = campaign_factory()
        response = give(client, campaign, **fields)
        assert response.status_code == 400
        assert message in text(response)
        assert not Donation.objects.exists()

    @pytest.mark.parametrize(
        ("typed", "minor"), [("15", 1500), ("15.50", 1550), ("$1,200", 120000), (" 7.5 ", 750)]
    )
    def test_custom_amount_wins_over_the_preset(self, client, typed, minor):
        campaign = campaign_factory()
        response = give(client, campaign, custom_amount=typed)
        assert response.status_code == 302
        assert Donation.objects.get().amount_minor == minor

    @override_settings(DONATIONS_FORM_RATE=(10_000, 3600), DONATIONS_CHECKOUT_RATE=(10_000, 3600))
    def test_hostile_strings_never_cause_a_server_error(self, client, fixtures_dir):
        import json

        campaign = campaign_factory()
        strings = json.loads((fixtures_dir / "bad-input" / "blns.json").read_text())[::7]
        for value in strings:
            response = give(
                client, campaign, custom_amount=value[:40], donor_name=value[:300], email=value[:300]
            )
            assert response.status_code in (302, 400), value
        assert all(d.amount_minor >= 100 for d in Donation.objects.all())


class TestGivingWithTheTestProvider:
    def test_gift_goes_through_the_test_checkout_into_the_ledger_marked_as_a_test(
        self, client, django_capture_on_commit_callbacks
    ):
        campaign = campaign_factory()
        response = give(client, campaign, custom_amount="42", show_supporter="on")
        assert response.status_code == 302
        checkout_url = response["Location"]
        assert "/support/test-checkout/" in checkout_url
        checkout = client.get(checkout_url)
        assert "Pay 42 $ (test)" in text(checkout)
        with django_capture_on_commit_callbacks(execute=True):
            paid = client.post(checkout_url)
        assert paid.status_code == 302
        thanks = text(client.get(paid["Location"]))
        assert "Thank you, Ana" in thanks
        assert "Your gift of 42 $ has been received" in thanks
        assert "A test gift sends no receipt by email and does not count towards the goal." in thanks
        entry = LedgerEntry.objects.get()
        assert entry.kind == "gift" and entry.reference.startswith("test:") and entry.is_test

    def test_test_gifts_never_count_on_the_meter_nor_earn_the_supporter_mark(
        self, client, django_capture_on_commit_callbacks
    ):
        from tribune.donations.models import SupporterMark

        # A site left in test mode: anyone can "give" any amount for free.
        campaign = campaign_factory()
        checkout_url = give(client, campaign, custom_amount="9000", show_supporter="on")["Location"]
        with django_capture_on_commit_callbacks(execute=True):
            client.post(checkout_url)
        assert LedgerEntry.objects.get().amount_minor == 900_000
        assert raised_minor(campaign=campaign) == 0
        page = text(client.get(campaign.get_absolute_url()))
        assert "0 $ raised" in page and "9,000 $" not in page
        assert not SupporterMark.objects.exists()

    def test_a_strangers_address_typed_into_the_form_gets_no_email(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        campaign = campaign_factory()
        for _ in range(3):
            checkout_url = give(client, campaign, email="stranger@example.org", show_supporter="on")["Location"]
            with django_capture_on_commit_callbacks(execute=True):
                assert client.post(checkout_url).status_code == 302
        assert LedgerEntry.objects.count() == 3
        assert mailoutbox == []

    def test_signed_in_donor_gets_the_test_receipt_at_their_own_address(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        from django.contrib.auth import get_user_model

        reader = get_user_model().objects.create_user("ana", "Ana@example.org", "pw")
        client.force_login(reader)
        campaign = campaign_factory()
        checkout_url = give(client, campaign, email="ana@example.org")["Location"]
        with django_capture_on_commit_callbacks(execute=True):
            thanks = client.get(client.post(checkout_url)["Location"])
        assert "A receipt is on its way to Ana@example.org" in text(thanks)
        assert [m.to for m in mailoutbox] == [["Ana@example.org"]]
        assert mailoutbox[0].subject.startswith("[Test]")
        assert "TEST PAYMENT" in mailoutbox[0].body
        # Signed in but giving under another address: that address proves nothing.
        checkout_url = give(client, campaign, email="someone.else@example.org")["Location"]
        with django_capture_on_commit_callbacks(execute=True):
            client.post(checkout_url)
        assert len(mailoutbox) == 1

    def test_paying_twice_on_the_test_checkout_counts_once(self, client):
        campaign = campaign_factory()
        checkout_url = give(client, campaign)["Location"]
        client.post(checkout_url)
        client.post(checkout_url)
        assert LedgerEntry.objects.get().amount_minor == 2500

    def test_anonymous_gift_keeps_no_name(self, client):
        campaign = campaign_factory()
        give(client, campaign, anonymous="on", donor_name="Ana")
        assert Donation.objects.get().donor_name == ""

    def test_forged_test_checkout_link_is_not_found(self, client):
        campaign = campaign_factory()
        checkout_url = give(client, campaign)["Location"]
        forged = checkout_url.rstrip("/") + "x/"
        assert client.post(forged).status_code == 404
        assert client.get("/support/test-checkout/nothing/").status_code == 404
        assert not LedgerEntry.objects.exists()

    def test_test_checkout_is_closed_when_stripe_is_configured(self, client):
        campaign = campaign_factory()
        checkout_url = give(client, campaign)["Location"]
        with override_settings(**STRIPE_SETTINGS):
            assert client.post(checkout_url).status_code == 404
        assert not LedgerEntry.objects.exists()

    def test_thanks_page_before_the_payment_is_confirmed_says_so(self, client):
        campaign = campaign_factory()
        give(client, campaign)
        from tribune.donations.tokens import donation_token

        donation = Donation.objects.get()
        response = client.get(f"{campaign.get_absolute_url()}thanks/{donation_token(donation=donation)}/")
        assert "confirming your payment" in text(response)
        assert client.get(f"{campaign.get_absolute_url()}thanks/forged/").status_code == 404


@pytest.mark.usefixtures("stripe_keys")
class TestGivingWithStripe:
    def stripe_client(self, **session):
        client = mock.Mock()
        client.v1.checkout.sessions.create.return_value = mock.Mock(
            id=session.get("id", "cs_test_1"), url="https://checkout.stripe.com/c/pay/cs_test_1"
        )
        return client

    def test_one_time_gift_creates_a_payment_session_and_redirects_to_stripe(self, client):
        campaign = campaign_factory()
        fake = self.stripe_client()
        with mock.patch("tribune.donations.payments.stripe.stripe_client", return_value=fake):
            response = give(client, campaign, custom_amount="30")
        assert response.status_code == 302
        assert response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_1"
        params = fake.v1.checkout.sessions.create.call_args.kwargs["params"]
        donation = Donation.objects.get()
        assert params["mode"] == "payment"
        assert params["line_items"][0]["price_data"]["unit_amount"] == 3000
        assert params["line_items"][0]["price_data"]["currency"] == "usd"
        assert params["payment_intent_data"]["metadata"] == {"donation_id": str(donation.pk)}
        assert params["customer_email"] == "ana@example.org"
        assert params["success_url"].startswith(f"http://testserver{campaign.get_absolute_url()}thanks/")
        assert donation.checkout_id == "cs_test_1" and donation.provider == "stripe"
        assert "Test mode" not in text(client.get(campaign.get_absolute_url()))

    def test_stripe_test_keys_say_the_site_is_in_test_mode(self, client):
        campaign = campaign_factory()
        with override_settings(**STRIPE_TEST_SETTINGS):
            page = text(client.get(campaign.get_absolute_url()))
        assert "Test mode" in page and "Continue to the test payment" in page

    def test_monthly_gift_creates_a_subscription_session(self, client):
        campaign = campaign_factory()
        fake = self.stripe_client()
        with mock.patch("tribune.donations.payments.stripe.stripe_client", return_value=fake):
            give(client, campaign, frequency="monthly")
        params = fake.v1.checkout.sessions.create.call_args.kwargs["params"]
        assert params["mode"] == "subscription"
        assert params["line_items"][0]["price_data"]["recurring"] == {"interval": "month"}
        assert params["subscription_data"]["metadata"]["donation_id"] == str(Donation.objects.get().pk)

    def test_stripe_unreachable_is_a_form_error_and_keeps_nothing(self, client):
        campaign = campaign_factory()
        fake = self.stripe_client()
        fake.v1.checkout.sessions.create.side_effect = stripe.APIConnectionError("no network")
        with mock.patch("tribune.donations.payments.stripe.stripe_client", return_value=fake):
            response = give(client, campaign)
        assert response.status_code == 400
        assert "The payment service is not answering right now" in text(response)
        assert not Donation.objects.exists()


class TestEndedCampaign:
    def test_ended_campaign_page_says_so_and_takes_no_gift(self, client):
        from datetime import timedelta

        from django.utils import timezone

        now = timezone.now()
        campaign = campaign_factory(starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=1))
        assert "This campaign has ended" in text(client.get(campaign.get_absolute_url()))
        response = give(client, campaign)
        assert response.status_code == 400
        assert not Donation.objects.exists()


def test_test_payment_the_ledger_refuses_is_an_error_not_a_crash(client):
    campaign = campaign_factory()
    checkout_url = give(client, campaign)["Location"]
    # Staff switched the campaign to another currency between the form and the payment.
    campaign.currency = "EUR"
    campaign.save()
    response = client.post(checkout_url)
    assert response.status_code == 409
    assert "Nothing was recorded" in text(response)
    assert not LedgerEntry.objects.exists()


@pytest.mark.usefixtures("payments_off")
class TestSiteWithoutPayments:
    """No Stripe keys and test payments not turned on: `tribune serve` as it starts."""

    def test_site_without_keys_or_test_mode_takes_no_gifts(self, client):
        campaign = campaign_factory()
        ledger = ledger_entry_factory(campaign, amount_minor=120_000)
        response = client.get(campaign.get_absolute_url())
        assert response.status_code == 200
        page = text(response)
        assert campaign.name in page and "1,200 $ raised" in page
        assert "This site is not taking gifts at the moment." in page
        assert "Continue to" not in page and "Test mode" not in page
        refused = give(client, campaign)
        assert refused.status_code == 403
        assert "This site is not taking gifts at the moment." in text(refused)
        assert not Donation.objects.exists()
        assert list(LedgerEntry.objects.all()) == [ledger]

    def test_test_checkout_of_a_site_no_longer_in_test_mode_is_not_found(self, client):
        campaign = campaign_factory()
        with override_settings(PAYMENTS_TEST_MODE=True):
            checkout_url = give(client, campaign)["Location"]
        assert client.get(checkout_url).status_code == 404
        assert client.post(checkout_url).status_code == 404
        assert not LedgerEntry.objects.exists()


class TestRateLimits:
    @override_settings(DONATIONS_FORM_RATE=(3, 3600))
    def test_a_script_posting_the_donation_form_again_and_again_is_slowed_down(self, client):
        campaign = campaign_factory()
        for _ in range(3):
            assert give(client, campaign, email="not-an-email").status_code == 400
        response = give(client, campaign)
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 3600
        assert "Too many requests from your connection" in text(response)
        assert not Donation.objects.exists()
        # Another address is not held back by this one.
        assert give(client, campaign, REMOTE_ADDR="203.0.113.9").status_code == 302

    @override_settings(DONATIONS_CHECKOUT_RATE=(2, 3600))
    def test_a_script_starting_checkouts_is_slowed_down(self, client):
        campaign = campaign_factory()
        assert give(client, campaign).status_code == 302
        assert give(client, campaign, custom_amount="oops").status_code == 400  # mistakes cost no checkout
        assert give(client, campaign).status_code == 302
        response = give(client, campaign)
        assert response.status_code == 429 and response["Retry-After"]
        assert "Too many requests from your connection" in text(response)
        assert Donation.objects.count() == 2


def ledger_entry_factory(campaign, *, amount_minor):
    from tribune.donations.services import manual_entry_record

    return manual_entry_record(campaign=campaign, amount_minor=amount_minor, note="Cheque")
