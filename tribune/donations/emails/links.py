"""A new manage link, for a donor whose link is too old: sent to their address, never shown."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from tribune.core.languages import email_language

from .. import conf
from ..money import money_format
from ..selectors import donor_donations
from .base import email_build, manage_url

# Gifts listed in one email at most, the newest first.
_MOST = 20


def manage_links_send(*, email: str) -> bool:
    """Email fresh manage links for the gifts of the donor who reads `email`; return whether any.

    The gifts are those something vouches `email` for (the payer's address at Stripe, a signed-in
    donor's own), so the links reach only the person who gave.
    """
    donations = list(donor_donations(email=email).filter(ledger_entries__isnull=False).distinct()
                     .select_related("campaign").order_by("-created_at", "-id")[:_MOST])
    if not donations:
        return False
    # In the language of the latest gift: the one the donor last gave in.
    with translation.override(email_language(donations[0].language)):
        gifts = [{
            "campaign": donation.campaign.name,
            "amount": money_format(donation.amount_minor, currency=donation.currency,
                                   pattern=donation.campaign.amount_format),
            "monthly": donation.is_monthly,
            "active": donation.is_manageable,
            "created_at": donation.created_at,
            "url": manage_url(donation=donation),
        } for donation in donations]
        context = {"kicker": _("Your gifts"), "gifts": gifts,
                   "manage_days": conf.get("DONATIONS_MANAGE_LINK_MAX_AGE").days}
        subject = _("Your links to manage your gifts to %(site)s") % {"site": settings.SITE_NAME}
        message = email_build(template="links", subject=subject, to=email.strip(), context=context)
    message.send()
    return True
