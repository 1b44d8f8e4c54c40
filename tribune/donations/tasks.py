"""Background tasks of the donations app; each loads its rows and calls one function."""

import logging

from django_tasks import task

from .models import LedgerEntry
from .receipts import receipt_send

logger = logging.getLogger("tribune.donations")


@task()
def receipt_send_task(*, entry_id: int) -> None:
    """Email the donor the receipt for ledger entry `entry_id`."""
    entry = LedgerEntry.objects.select_related("donation", "campaign").filter(pk=entry_id).first()
    if entry is None or entry.donation is None:
        logger.warning("no receipt for ledger entry %s: no donation", entry_id)
        return
    receipt_send(entry=entry)
