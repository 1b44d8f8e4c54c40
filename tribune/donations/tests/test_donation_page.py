"""The donation page: choose an amount and how often, give an email, and go to payment."""

import re
from unittest import mock

import pytest
import stripe
from django.test import override_settings

from tribune.donations.models import Donation, LedgerEntry
from tribune.donations.selectors import raised_minor

from .factories import STRIPE_SETTINGS, campaign_factory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.replace("&#x27;", "'").replace("\u00a0", " ").split())


def give(client, campaign, **fields):
    data = {
        "amount": "2500",
        "custom_amount": "",
        "currency": campaign.currency,
        "frequency": "once",
        "email": "ana@example.org",
        "donor_name": "Ana",
    }
    data.update(fields)
    return client.post(campaign.get_absolute_url(), data)


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
    def test_gift_goes_through_the_test_checkout_into_the_ledger(
        self, client, mailoutbox, django_capture_on_commit_callbacks
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
        thanks = client.get(paid["Location"])
        assert "Thank you, Ana" in text(thanks)
        assert "Your gift of 42 $ has been received" in text(thanks)
        assert raised_minor(campaign=campaign) == 4200
        entry = LedgerEntry.objects.get()
        assert entry.kind == "gift" and entry.reference.startswith("test:")
        assert len(mailoutbox) == 1
        assert mailoutbox[0].subject.startswith("[Test]")
        assert "TEST PAYMENT" in mailoutbox[0].body

    def test_paying_twice_on_the_test_checkout_counts_once(self, client):
        campaign = campaign_factory()
        checkout_url = give(client, campaign)["Location"]
        client.post(checkout_url)
        client.post(checkout_url)
        assert raised_minor(campaign=campaign) == 2500

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
