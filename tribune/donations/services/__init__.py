"""Donations writes: campaigns, gifts, payment events, the ledger and Supporter marks.

Imports go one way: events and payments use ledger and supporters, monthly uses donations;
nothing imports upwards.
"""

from .campaigns import campaign_create, campaign_save
from .donations import (
    CampaignClosedError,
    DonationAmountInvalidError,
    DonationCurrencyInvalidError,
    DonationFrequencyInvalidError,
    DonationNameMissingError,
    PaymentsOffError,
    donation_amount_check,
    donation_start,
    donation_thanks_choose,
)
from .donors import StatementAddressMissingError, manage_links_request, statement_request
from .events import payment_event_receive, payment_event_retry, payment_events_retry_waiting
from .ledger import (
    LedgerAmountInvalidError,
    LedgerCurrencyMismatchError,
    LedgerReferenceConflictError,
    ledger_entry_record,
    manual_entry_record,
)
from .monthly import (
    MonthlyAmountUnchangedError,
    MonthlyGiftEndedError,
    MonthlyProviderOffError,
    MonthlySkipRefusedError,
    MonthlyState,
    monthly_amount_change,
    monthly_cancel,
    monthly_card_url,
    monthly_payment_failed,
    monthly_payment_received,
    monthly_skip,
    monthly_state_apply,
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
    "DonationNameMissingError",
    "MonthlyAmountUnchangedError",
    "MonthlyGiftEndedError",
    "MonthlyProviderOffError",
    "MonthlySkipRefusedError",
    "MonthlyState",
    "StatementAddressMissingError",
    "manage_links_request",
    "statement_request",
    "donation_thanks_choose",
    "monthly_amount_change",
    "monthly_cancel",
    "monthly_card_url",
    "monthly_payment_failed",
    "monthly_payment_received",
    "monthly_skip",
    "monthly_state_apply",
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
