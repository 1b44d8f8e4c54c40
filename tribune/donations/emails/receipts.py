"""The donor's receipt for a gift or a monthly renewal."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tribune.core.languages import email_language
from tribune.core.links import absolute_url

from .. import conf
from ..models import LedgerEntry, SupporterMark
from ..money import money_format
from ..selectors import receipt_address
from ..tokens import supporter_show_token, supporter_token
from .base import email_build, manage_url


def receipt_send(*, entry: LedgerEntry) -> bool:
    """Send the receipt for a gift or renewal to the address its donor is known to read.

    Return whether a receipt was sent (none when no address is vouched for).
    """
    to = receipt_address(donation=entry.donation, is_test=entry.is_test)
    if not to:
        return False
    with translation.override(email_language(entry.donation.language)):
        context = receipt_context(entry=entry, to=to)
        subject = _("Thank you for supporting %(site)s") % {"site": settings.SITE_NAME}
        if context["is_test"]:
            subject = _("[Test] %(subject)s") % {"subject": subject}
        message = email_build(template="receipt", subject=subject, to=to, context=context)
    message.send()
    return True


def receipt_context(*, entry: LedgerEntry, to: str) -> dict:
    """Return what the receipt to `to` says: amount, date, campaign, the link to manage the gift,
    and the Supporter mark's links.

    The links are for `to` only: one shows the mark beside guest comments from the browser that
    opens it (proving the reader reads `to`), the other withdraws it. The manage link is fresh in
    every receipt and works for DONATIONS_MANAGE_LINK_MAX_AGE.
    """
    donation = entry.donation
    withdraw_url = show_url = ""
    mark = SupporterMark.objects.filter(email=to.strip().lower()).first() if donation.show_supporter else None
    if mark is not None:
        withdraw_url = absolute_url(
            reverse("donations:supporter_withdraw", kwargs={"token": supporter_token(email=mark.email)})
        )
        show_url = absolute_url(
            reverse("donations:supporter_show", kwargs={"token": supporter_show_token(mark=mark)})
        )
    return {
        "kicker": _("Receipt"),
        "donor_name": donation.donor_name,
        "amount": money_format(
            entry.amount_minor, currency=entry.currency, pattern=entry.campaign.amount_format
        ),
        "occurred_at": entry.occurred_at,
        "campaign": entry.campaign,
        "campaign_url": absolute_url(entry.campaign.get_absolute_url()),
        "monthly": donation.is_monthly,
        "renewal": entry.kind == LedgerEntry.Kind.RENEWAL,
        "reference": entry.reference,
        "is_test": entry.is_test,
        "manage_url": manage_url(donation=donation),
        "manage_days": conf.get("DONATIONS_MANAGE_LINK_MAX_AGE").days,
        "withdraw_url": withdraw_url,
        "show_url": show_url,
        "signed_in": bool(mark is not None and mark.user_id),
    }
