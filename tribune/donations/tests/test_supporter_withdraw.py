"""A donor withdraws the Supporter mark through the signed link in the receipt."""

import re

import pytest

from tribune.donations.selectors import supporter_mark_exists
from tribune.donations.services import supporter_mark_grant
from tribune.donations.tokens import supporter_token

pytestmark = pytest.mark.django_db


def test_link_from_the_receipt_withdraws_the_mark_after_a_confirmation(
    client, mailoutbox, django_capture_on_commit_callbacks, stripe_keys
):
    from .factories import checkout_completed, donation_factory, stripe_post

    donation = donation_factory(email="Guest@Example.org", show_supporter=True)
    with django_capture_on_commit_callbacks(execute=True):
        stripe_post(client, checkout_completed(donation))
    assert supporter_mark_exists(email="guest@example.org")

    link = re.search(r"To withdraw it, open this link:\nhttp://testserver(/support/supporter/\S+/)",
                     mailoutbox[0].body).group(1)
    page = client.get(link)
    assert "Withdraw your Supporter mark?" in page.content.decode()
    # Opening the link (a mail scanner does) changes nothing; the button does.
    assert supporter_mark_exists(email="guest@example.org")
    done = client.post(link)
    assert "Your Supporter mark is withdrawn" in done.content.decode()
    assert not supporter_mark_exists(email="guest@example.org")
    assert "No Supporter mark to withdraw" in client.get(link).content.decode()


def test_forged_or_damaged_link_is_not_found_and_withdraws_nothing(client):
    supporter_mark_grant(email="guest@example.org")
    token = supporter_token(email="guest@example.org")
    assert client.post(f"/support/supporter/{token[:-2]}xx/").status_code == 404
    assert client.post("/support/supporter/guest@example.org/").status_code == 404
    assert supporter_mark_exists(email="guest@example.org")


def test_the_mark_never_shows_an_amount(client, mailoutbox):
    supporter_mark_grant(email="guest@example.org")
    page = client.get(f"/support/supporter/{supporter_token(email='guest@example.org')}/").content.decode()
    assert "$" not in page
