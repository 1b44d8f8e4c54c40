"""The one email a monthly donor gets when a payment fails: what happened, and where to fix it."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from tribune.core.languages import email_language

from .. import conf
from ..models import DonationChange, LedgerEntry
from ..money import money_format
from ..selectors import receipt_address
from .base import email_build, manage_url


def payment_failed_send(*, change: DonationChange) -> bool:
    """Tell the donor that the payment in `change` failed, with the link to update their card.

    Return whether it was sent: not when the payment went through since, the gift has ended,
    or no address is vouched for.
    """
    donation = change.donation
    if donation.ended_at is not None or LedgerEntry.objects.filter(
        reference=f"{donation.provider}:invoice:{change.payment_ref}"
    ).exists():
        return False
    is_test = donation.provider == donation.Provider.TEST or not donation.ledger_entries.filter(
        is_test=False).exists()
    to = receipt_address(donation=donation, is_test=is_test)
    if not to:
        return False
    with translation.override(email_language(donation.language)):
        context = {
            "kicker": _("Your monthly gift"),
            "donor_name": donation.donor_name,
            "amount": money_format(change.amount_minor or donation.amount_minor, currency=donation.currency,
                                   pattern=donation.campaign.amount_format),
            "occurred_at": change.occurred_at,
            "campaign": donation.campaign,
            "manage_url": manage_url(donation=donation),
            "manage_days": conf.get("DONATIONS_MANAGE_LINK_MAX_AGE").days,
            "is_test": is_test,
        }
        subject = _("Your monthly gift to %(site)s could not be taken") % {"site": settings.SITE_NAME}
        if is_test:
            subject = _("[Test] %(subject)s") % {"subject": subject}
        message = email_build(template="payment_failed", subject=subject, to=to, context=context)
    message.send()
    return True
