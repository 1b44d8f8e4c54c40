"""Numbered error codes of the notifications' API operations. Never renumber, only add."""

from tribune.core.api import error_numbers_register

NUMBERS = {
    "subscription_choice_invalid": 201,
    "subscription_email_required": 202,
    "subscription_email_invalid": 203,
    "subscription_not_found": 204,
}

error_numbers_register(NUMBERS)
