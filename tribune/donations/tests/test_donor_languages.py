"""A donor is written to in the language of the page they gave from, and types amounts as it does."""

import pytest
from django.utils import translation

from tribune.donations.models import Donation

from .factories import campaign_factory, checkout_completed, donation_factory, stripe_post
from .test_donation_page import give

pytestmark = pytest.mark.django_db

OFFERED = [("en-us", "English"), ("fr", "Français"), ("de", "Deutsch")]


def test_a_gift_from_a_french_page_keeps_french_and_reads_a_french_amount(client, settings):
    settings.LANGUAGES = OFFERED
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr-FR,fr;q=0.9"
    response = give(client, campaign_factory(), custom_amount="15,50")
    assert response.status_code == 302
    donation = Donation.objects.get()
    assert (donation.language, donation.amount_minor) == ("fr", 1550)


@pytest.mark.usefixtures("stripe_keys")
def test_the_receipt_is_in_the_donors_language_not_the_servers(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LANGUAGES = OFFERED
    donation = donation_factory(donor_name="Ana", language="de")
    with django_capture_on_commit_callbacks(execute=True):
        stripe_post(client, checkout_completed(donation))
    [mail] = mailoutbox
    with translation.override("de"):
        subject = translation.gettext("Thank you for supporting %(site)s") % {"site": settings.SITE_NAME}
    assert subject != f"Thank you for supporting {settings.SITE_NAME}", "no German translation"
    assert mail.subject == subject
    assert 'lang="de"' in mail.alternatives[0][0]
