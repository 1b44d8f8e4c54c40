"""Ledger writes: the one place money is recorded. Rows are only ever added."""

import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError

from ..models import Campaign, Donation, LedgerEntry
from ..signals import campaign_figures_changed


class LedgerCurrencyMismatchError(DomainError):
    code = "ledger_currency_mismatch"


class LedgerReferenceConflictError(DomainError):
    code = "ledger_reference_conflict"
    status = 409


class LedgerAmountInvalidError(DomainError):
    code = "ledger_amount_invalid"


def ledger_entry_record(
    *,
    campaign: Campaign,
    kind: str,
    amount_minor: int,
    currency: str,
    reference: str,
    occurred_at: datetime | None = None,
    donation: Donation | None = None,
    payment_ref: str = "",
    donor_name: str = "",
    note: str = "",
    is_test: bool = False,
) -> tuple[LedgerEntry, bool]:
    """Record a movement of money once; return the entry and whether it is new.

    `is_test` marks a test payment: kept in the ledger for staff, never counted on a meter.

    Recording the same `reference` again returns the first entry, so a replayed payment event or a
    demo loaded twice never counts money twice. Raises LedgerCurrencyMismatchError when the
    currency differs from the campaign's, LedgerReferenceConflictError when the reference is
    already used for a different amount (or test status), LedgerAmountInvalidError for a zero amount.
    """
    currency = currency.upper()
    if currency != campaign.currency:
        raise LedgerCurrencyMismatchError(
            _("This campaign counts %(campaign)s; an amount in %(currency)s cannot be added.")
            % {"campaign": campaign.currency, "currency": currency}
        )
    if amount_minor == 0:
        raise LedgerAmountInvalidError(_("A ledger entry moves money; the amount cannot be zero."))
    existing = LedgerEntry.objects.filter(reference=reference).first()
    if existing is None:
        try:
            with transaction.atomic():
                entry = LedgerEntry.objects.create(
                    campaign=campaign, kind=kind, amount_minor=amount_minor, currency=currency,
                    reference=reference, occurred_at=occurred_at or timezone.now(),
                    donation=donation, payment_ref=payment_ref, donor_name=donor_name, note=note,
                    is_test=is_test,
                )
        except IntegrityError:
            # Another process recorded the same reference between our read and our write.
            existing = LedgerEntry.objects.get(reference=reference)
        else:
            campaign_id = campaign.pk
            transaction.on_commit(
                lambda: campaign_figures_changed.send(sender=LedgerEntry, campaign_id=campaign_id)
            )
            return entry, True
    if (existing.amount_minor != amount_minor or existing.campaign_id != campaign.pk
            or existing.is_test != is_test):
        raise LedgerReferenceConflictError(
            _("The reference %(reference)s is already recorded with another amount or campaign.")
            % {"reference": reference}
        )
    return existing, False


def manual_entry_record(
    *, campaign: Campaign, amount_minor: int, occurred_at: datetime | None = None,
    donor_name: str = "", note: str = "", recorded_by: str = "",
) -> LedgerEntry:
    """Record money received outside the site (a cheque, a bank transfer) or a correction.

    A negative amount corrects an earlier entry. Raises LedgerAmountInvalidError for zero.
    """
    reference = f"manual:{uuid.uuid4()}"
    if recorded_by:
        note = f"{note}\n" if note else ""
        note += _("Recorded by %(user)s.") % {"user": recorded_by}
    entry, _created = ledger_entry_record(
        campaign=campaign, kind=LedgerEntry.Kind.MANUAL, amount_minor=amount_minor,
        currency=campaign.currency, reference=reference, occurred_at=occurred_at,
        donor_name=donor_name, note=note,
    )
    return entry
