"""Money received for a donation, whichever provider reports it."""

from datetime import datetime

from django.db import transaction

from ..models import Donation, LedgerEntry
from ..selectors import receipt_address
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
    is_test: bool,
    payment_ref: str = "",
    occurred_at: datetime | None = None,
    note: str = "",
) -> tuple[LedgerEntry, bool]:
    """Record a payment, renewal, refund or dispute of `donation` in the ledger, once.

    `is_test` says the provider moved no money (the test provider, a Stripe test-mode event): the
    entry is kept but never counted, earns no Supporter mark and mails no one but a signed-in donor.
    A new real gift grants the Supporter mark the donor asked for (renewals do not, so a withdrawn
    mark stays withdrawn); a new gift or renewal sends a receipt after the commit, to the address
    selectors.receipt_address vouches for, if any. Raises what ledger_entry_record raises.
    """
    entry, created = ledger_entry_record(
        campaign=donation.campaign, kind=kind, amount_minor=amount_minor, currency=currency,
        reference=reference, occurred_at=occurred_at, donation=donation, payment_ref=payment_ref,
        donor_name=donation.donor_name, note=note, is_test=is_test,
    )
    if not created:
        return entry, created
    address = receipt_address(donation=donation, is_test=is_test)
    wants_mark = kind == LedgerEntry.Kind.GIFT and donation.show_supporter and not is_test
    if wants_mark and (address or donation.user):
        supporter_mark_grant(email=address, user=donation.user)
    if kind in _RECEIPTED and address:
        entry_id = entry.pk
        transaction.on_commit(lambda: receipt_send_task.enqueue(entry_id=entry_id))
    return entry, created
