"""Donations models, one module per concept; import them from here."""

from .campaigns import Campaign
from .changes import DonationChange
from .donations import Donation
from .events import PaymentEvent
from .ledger import LedgerEntry, LedgerEntryImmutableError
from .supporters import SupporterBrowser, SupporterMark

__all__ = [
    "Campaign",
    "Donation",
    "DonationChange",
    "LedgerEntry",
    "LedgerEntryImmutableError",
    "PaymentEvent",
    "SupporterBrowser",
    "SupporterMark",
]
