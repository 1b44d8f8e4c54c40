"""Donations: campaigns with goal meters, calls to give, and the ledger of money received."""
