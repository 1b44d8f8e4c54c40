"""The donations app's pages, one module per concern: giving (the donation page, thanks, the test
checkout), manage (a donor's own gift, from the link in their receipts), supporters (the
Supporter mark's links) and staff (CSV downloads). Modules import nothing of each other."""

from .giving import campaign_view, donation_thanks_view, test_checkout_view
from .manage import (
    manage_amount_view,
    manage_cancel_view,
    manage_card_view,
    manage_link_view,
    manage_name_view,
    manage_skip_view,
    manage_statement_view,
    manage_test_view,
    manage_view,
    test_card_view,
)
from .staff import ledger_export_view, statements_export_view
from .supporters import supporter_show_view, supporter_withdraw_view

__all__ = [
    "campaign_view",
    "donation_thanks_view",
    "ledger_export_view",
    "manage_amount_view",
    "manage_cancel_view",
    "manage_card_view",
    "manage_link_view",
    "manage_name_view",
    "manage_skip_view",
    "manage_statement_view",
    "manage_test_view",
    "manage_view",
    "statements_export_view",
    "supporter_show_view",
    "supporter_withdraw_view",
    "test_card_view",
    "test_checkout_view",
]
