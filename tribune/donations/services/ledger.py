from django.db import IntegrityError, transaction
from django.utils import timezone

from tribune.core.errors import DomainError

from ..models import Campaign, LedgerEntry


class LedgerCurrencyMismatchError(DomainError):
    code = "ledger_currency_mismatch"


class LedgerReferenceConflictError(DomainError):
    code = "ledger_reference_conflict"


def ledger_entry_record(
    *,
    campaign: Campaign,
    kind: str,
    amount_minor: int,
    currency: str,
    reference: str,
    occurred_at=None,
    donor_name: str = "",
    note: str = "",
) -> tuple[LedgerEntry, bool]:
    """Record a movement of money once; return the entry and whether it is new.

    Recording the same `reference` again returns the first entry, so a replayed payment event or a
    demo loaded twice never counts money twice. Raises LedgerCurrencyMismatchError when the
    currency differs from the campaign's, LedgerReferenceConflictError when the reference is
    already used for a different amount.
    """
    currency = currency.upper()
    if currency != campaign.currency:
        raise LedgerCurrencyMismatchError(
            f"This campaign counts {campaign.currency}; an amount in {currency} cannot be added."
        )
    existing = LedgerEntry.objects.filter(reference=reference).first()
    if existing is None:
        try:
            with transaction.atomic():
                entry = LedgerEntry.objects.create(
                    campaign=campaign, kind=kind, amount_minor=amount_minor, currency=currency,
                    reference=reference, occurred_at=occurred_at or timezone.now(),
                    donor_name=donor_name, note=note,
                )
            return entry, True
        except IntegrityError:
            # Another process recorded the same reference between our read and our write.
            existing = LedgerEntry.objects.get(reference=reference)
    if existing.amount_minor != amount_minor or existing.campaign_id != campaign.pk:
        raise LedgerReferenceConflictError(
            f"The reference {reference} is already recorded with another amount or campaign."
        )
    return existing, False
