"""The donor's receipt email: built here, sent through Django's email API."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tribune.core.links import absolute_url

from .models import Donation, LedgerEntry
from .money import money_format
from .tokens import supporter_token


def receipt_send(*, entry: LedgerEntry) -> None:
    """Send the receipt for a gift or renewal to the email its donor gave."""
    donation = entry.donation
    with translation.override(settings.LANGUAGE_CODE):
        context = receipt_context(entry=entry)
        subject = _("Thank you for supporting %(site)s") % {"site": settings.SITE_NAME}
        if context["is_test"]:
            subject = _("[Test] %(subject)s") % {"subject": subject}
        body = render_to_string("donations/emails/receipt.txt", context)
    EmailMessage(subject=subject, body=body, to=[donation.email]).send()


def receipt_context(*, entry: LedgerEntry) -> dict:
    """Return what the receipt says: amount, date, campaign, and the link to withdraw the mark."""
    donation = entry.donation
    withdraw_url = ""
    if donation.show_supporter:
        path = reverse(
            "donations:supporter_withdraw", kwargs={"token": supporter_token(email=donation.email)}
        )
        withdraw_url = absolute_url(path)
    return {
        "site_name": settings.SITE_NAME,
        "donor_name": donation.donor_name,
        "amount": money_format(
            entry.amount_minor, currency=entry.currency, pattern=entry.campaign.amount_format
        ),
        "occurred_at": entry.occurred_at,
        "campaign": entry.campaign,
        "campaign_url": absolute_url(entry.campaign.get_absolute_url()),
        "monthly": donation.frequency == Donation.Frequency.MONTHLY,
        "renewal": entry.kind == LedgerEntry.Kind.RENEWAL,
        "reference": entry.reference,
        "is_test": donation.provider == Donation.Provider.TEST,
        "withdraw_url": withdraw_url,
    }
