"""Background tasks of the donations app; each loads its rows and calls one function."""

import logging

from django_tasks import task

from .emails import manage_links_send, payment_failed_send, receipt_send, statement_send
from .models import Donation, DonationChange, LedgerEntry

logger = logging.getLogger("tribune.donations")


@task()
def receipt_send_task(*, entry_id: int) -> None:
    """Email the donor the receipt for ledger entry `entry_id`."""
    entry = LedgerEntry.objects.select_related("donation", "campaign").filter(pk=entry_id).first()
    if entry is None or entry.donation is None:
        logger.warning("no receipt for ledger entry %s: no donation", entry_id)
        return
    receipt_send(entry=entry)


@task()
def payment_failed_email_task(*, change_id: int) -> None:
    """Email the donor whose monthly payment failed (change `change_id`) the link to fix the card."""
    change = DonationChange.objects.select_related("donation__campaign", "donation__user").filter(
        pk=change_id).first()
    if change is not None:
        payment_failed_send(change=change)


@task()
def statement_send_task(*, donation_id: int, year: int) -> None:
    """Email the donor of `donation_id` their statement of `year`."""
    donation = Donation.objects.select_related("campaign", "user").filter(pk=donation_id).first()
    if donation is not None:
        statement_send(donation=donation, year=year)


@task()
def manage_links_send_task(*, email: str) -> None:
    """Email the donor who reads `email` fresh links to manage their gifts, if they gave."""
    manage_links_send(email=email)
