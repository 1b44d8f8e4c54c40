"""Numbered error codes of moderation's API operations. Never renumber, only add."""

from tribune.core.api import error_numbers_register

NUMBERS = {
    "report_invalid": 401,
    "report_duplicate": 402,
}

error_numbers_register(NUMBERS)
