"""Money received for a donation, whichever provider reports it."""

from datetime import datetime

from django.db import transaction

from ..models import Donation, LedgerEntry
from ..tasks import receipt_send_task
from .ledger import ledger_entry_record
from .supporters import supporter_mark_grant

# Entries that are money given, and so earn the donor a receipt.
_RECEIPTED = {LedgerEntry.Kind.GIFT, LedgerEntry.Kind.RENEWAL}


def donation_payment_record(
    *,
    donation: Donation,
    kind: str,
    amount_minor: int,
    currency: str,
    reference: str,
    payment_ref: str = "",
    occurred_at: datetime | None = None,
    note: str = "",
) -> tuple[LedgerEntry, bool]:
    """Record a payment, renewal, refund or dispute of `donation` in the ledger, once.

    A new gift grants the Supporter mark the donor asked for (renewals do not, so a withdrawn
    mark stays withdrawn); a new gift or renewal sends the donor a receipt after the commit.
    Raises what ledger_entry_record raises.
    """
    entry, created = ledger_entry_record(
        campaign=donation.campaign, kind=kind, amount_minor=amount_minor, currency=currency,
        reference=reference, occurred_at=occurred_at, donation=donation, payment_ref=payment_ref,
        donor_name=donation.donor_name, note=note,
    )
    if created and kind == LedgerEntry.Kind.GIFT and donation.show_supporter:
        supporter_mark_grant(email=donation.email, user=donation.user)
    if created and kind in _RECEIPTED:
        entry_id = entry.pk
        transaction.on_commit(lambda: receipt_send_task.enqueue(entry_id=entry_id))
    return entry, created
