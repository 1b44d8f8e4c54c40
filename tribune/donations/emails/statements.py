"""The yearly statement a donor asks for on the manage page, emailed to their vouched address."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Donation
from ..money import money_format
from ..selectors import receipt_address, statement_entries
from ..statements import statement_totals
from .base import email_build, manage_url


def statement_send(*, donation: Donation, year: int) -> bool:
    """Email the donor of `donation` everything they gave in `year`, all their gifts together.

    Return whether it was sent: only to the address something vouches for, which is also the
    donor the statement is about, so nobody receives another person's giving.
    """
    to = receipt_address(donation=donation, is_test=False)
    if not to:
        return False
    entries = list(statement_entries(email=to, year=year))
    with translation.override(settings.LANGUAGE_CODE):
        lines = [{
            "occurred_at": entry.occurred_at,
            "campaign": entry.campaign.name,
            "kind": entry.get_kind_display(),
            "amount": money_format(entry.amount_minor, currency=entry.currency,
                                   pattern=entry.campaign.amount_format),
            "reference": entry.reference,
        } for entry in entries]
        totals = [{**total, "amount": money_format(total["total_minor"], currency=total["currency"])}
                  for total in statement_totals(entries)]
        context = {
            "kicker": _("Yearly statement"),
            "year": year,
            "email": to,
            "lines": lines,
            "totals": totals,
            "manage_url": manage_url(donation=donation),
        }
        subject = _("Your %(year)s statement of gifts to %(site)s") % {"year": year,
                                                                       "site": settings.SITE_NAME}
        message = email_build(template="statement", subject=subject, to=to, context=context)
    message.send()
    return True
