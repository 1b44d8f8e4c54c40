"""Numbered error codes of the donations API. The goal script relies on the numbers: never
renumber, only add."""

from tribune.core.api import error_numbers_register

NUMBERS = {
    "campaign_not_found": 301,
}

error_numbers_register(NUMBERS)
