"""Donors who say yes are thanked by name on the campaign page; nobody else is, and no amount is
ever shown beside a name."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from tribune.donations.models import Donation
from tribune.donations.tokens import manage_token

from .factories import campaign_factory, charge_refunded, checkout_completed, donation_factory, stripe_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_keys")]


def thanks_section(client, campaign) -> str:
    page = client.get(campaign.get_absolute_url()).content.decode()
    found = re.search(r'<section class="thanks".*?</section>', page, re.S)
    return found.group(0) if found else ""


def paid(client, campaign, name, *, listed=True, amount=2500, payment_intent=None, livemode=True, **fields):
    donation = donation_factory(campaign=campaign, donor_name=name, list_publicly=listed, amount_minor=amount,
                                **fields)
    stripe_post(client, checkout_completed(donation, payment_intent=payment_intent or f"pi_{donation.pk}",
                                           livemode=livemode))
    return donation


def test_only_donors_who_said_yes_are_thanked_and_never_with_an_amount(client):
    campaign = campaign_factory()
    paid(client, campaign, "Amal Haddad", amount=123_400)
    paid(client, campaign, "Quiet Quentin", listed=False)
    paid(client, campaign, "Tess Test", livemode=False)  # a test payment moves no money
    donation_factory(campaign=campaign, donor_name="Unpaid Una", list_publicly=True)  # never paid
    refunded = paid(client, campaign, "Refunded Rita", payment_intent="pi_rita")
    stripe_post(client, charge_refunded(payment_intent="pi_rita", amount_refunded=2500,
                                        metadata={"donation_id": str(refunded.pk)}))
    section = thanks_section(client, campaign)
    assert "Amal Haddad" in section
    for absent in ("Quiet Quentin", "Tess Test", "Unpaid Una", "Refunded Rita"):
        assert absent not in section
    assert "$" not in section and "1,234" not in section
    assert "amounts are never shown" in section


def test_a_campaign_without_consenting_donors_lists_nobody(client):
    campaign = campaign_factory()
    paid(client, campaign, "Quiet Quentin", listed=False)
    assert thanks_section(client, campaign) == ""


def test_a_hostile_name_is_shown_as_text(client):
    campaign = campaign_factory()
    paid(client, campaign, '<img src=x onerror="alert(1)">')
    section = thanks_section(client, campaign)
    assert "<img" not in section and "&lt;img src=x" in section


@override_settings(DONATIONS_THANKED_NAMES_MAX=2)
def test_many_names_are_counted_past_the_limit_and_each_name_once(client):
    campaign = campaign_factory()
    for name in ("Ana", "Ben", "ana", "Cleo", "Dan"):
        paid(client, campaign, name)
    section = thanks_section(client, campaign)
    assert section.count("<li>") == 2 and "and 2 more donors" in section


def test_the_form_asks_and_a_yes_needs_a_name(client, settings):
    settings.PAYMENTS_TEST_MODE = True
    settings.STRIPE_SECRET_KEY = ""
    campaign = campaign_factory()
    data = {"amount": "2500", "currency": "USD", "frequency": "once", "email": "a@example.org",
            "list_publicly": "on", "donor_name": ""}
    response = client.post(campaign.get_absolute_url(), data)
    assert response.status_code == 400 and "Write the name we should thank" in response.content.decode()
    anonymous = client.post(campaign.get_absolute_url(), {**data, "donor_name": "Ana", "anonymous": "on"})
    assert anonymous.status_code == 302
    assert Donation.objects.get().list_publicly is False
    client.post(campaign.get_absolute_url(), {**data, "donor_name": "Ben"})
    assert Donation.objects.get(donor_name="Ben").list_publicly is True


def test_the_donor_takes_their_name_off_and_puts_it_back(client):
    campaign = campaign_factory()
    donation = paid(client, campaign, "Amal")
    url = reverse("donations:manage_name", kwargs={"token": manage_token(donation=donation)})
    client.post(url, {"listed": "no"})
    assert "Amal" not in thanks_section(client, campaign)
    client.post(url, {"listed": "yes"})
    assert "Amal" in thanks_section(client, campaign)


def test_a_donor_without_a_name_cannot_be_listed(client):
    campaign = campaign_factory()
    donation = paid(client, campaign, "", listed=False)
    url = reverse("donations:manage_name", kwargs={"token": manage_token(donation=donation)})
    assert client.post(url, {"listed": "yes"}).status_code == 400


def test_staff_take_a_name_off_from_the_admin(client):
    campaign = campaign_factory()
    donation = paid(client, campaign, "Buy cheap pills at spam.example")
    client.force_login(get_user_model().objects.create_superuser("staff", "s@example.org", "pw"))
    client.post(reverse("admin:donations_donation_changelist"),
                {"action": "unlist_names", "_selected_action": [donation.pk]})
    assert "spam.example" not in thanks_section(client, campaign)
