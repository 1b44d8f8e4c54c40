"""Donations models, one module per concept; import them from here."""

from .campaigns import Campaign
from .ledger import LedgerEntry, LedgerEntryImmutableError

__all__ = ["Campaign", "LedgerEntry", "LedgerEntryImmutableError"]
