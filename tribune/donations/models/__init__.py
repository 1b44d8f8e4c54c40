"""Donations models, one module per concept; import them from here."""

from .campaigns import Campaign
from .donations import Donation
from .events import PaymentEvent
from .ledger import LedgerEntry, LedgerEntryImmutableError
from .supporters import SupporterBrowser, SupporterMark

__all__ = [
    "Campaign",
    "Donation",
    "LedgerEntry",
    "LedgerEntryImmutableError",
    "PaymentEvent",
    "SupporterBrowser",
    "SupporterMark",
]
