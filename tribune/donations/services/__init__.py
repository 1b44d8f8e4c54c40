"""Donations writes: campaigns and ledger entries."""

from .campaigns import campaign_create
from .ledger import ledger_entry_record

__all__ = ["campaign_create", "ledger_entry_record"]
