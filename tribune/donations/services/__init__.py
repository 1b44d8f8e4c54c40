"""Donations writes: campaigns, gifts, payment events, the ledger and Supporter marks.

Imports go one way: events and payments use ledger and supporters; nothing imports upwards.
"""

from .campaigns import campaign_create, campaign_save
from .donations import (
    CampaignClosedError,
    DonationAmountInvalidError,
    DonationCurrencyInvalidError,
    DonationFrequencyInvalidError,
    PaymentsOffError,
    donation_amount_check,
    donation_start,
)
from .events import payment_event_receive, payment_event_retry, payment_events_retry_waiting
from .ledger import (
    LedgerAmountInvalidError,
    LedgerCurrencyMismatchError,
    LedgerReferenceConflictError,
    ledger_entry_record,
    manual_entry_record,
)
from .payments import donation_payment_record
from .supporters import (
    SupporterMarkGoneError,
    supporter_mark_grant,
    supporter_mark_prove,
    supporter_mark_withdraw,
)

__all__ = [
    "CampaignClosedError",
    "DonationAmountInvalidError",
    "DonationCurrencyInvalidError",
    "DonationFrequencyInvalidError",
    "LedgerAmountInvalidError",
    "LedgerCurrencyMismatchError",
    "LedgerReferenceConflictError",
    "PaymentsOffError",
    "SupporterMarkGoneError",
    "campaign_create",
    "campaign_save",
    "donation_amount_check",
    "donation_payment_record",
    "donation_start",
    "ledger_entry_record",
    "manual_entry_record",
    "payment_event_receive",
    "payment_event_retry",
    "payment_events_retry_waiting",
    "supporter_mark_grant",
    "supporter_mark_prove",
    "supporter_mark_withdraw",
]
