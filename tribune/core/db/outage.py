"""Riding out a database that cannot be reached for a while (a restart, a failover).

A restart ends every connection; until the database is back, each query fails with an
OperationalError or InterfaceError. Background work must neither give up on the task it was
doing (an email announced but never queued) nor forget what it did meanwhile (an email handed to
the mail server but not recorded as sent, then sent again). `outage_retry` runs a step again once
the database answers; `database_wait` waits for that.

An OperationalError is not always an outage (SQLite says "no such table" with one too): a step
whose error comes back while the database answers is not retried for ever but raised.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger("tribune.core.db.outage")

# The errors a database that cannot be reached causes.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
# Seconds between two tries to reach the database.
POLL_INTERVAL = 1.0


def database_answers() -> bool:
    """Return whether the database answers a query now, on a fresh connection if need be."""
    try:
        connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except OUTAGE_ERRORS:
        connection.close()
        return False
    return True


def database_wait(*, timeout: float) -> bool:
    """Wait until the database answers, at most `timeout` seconds; return whether it does."""
    deadline = time.monotonic() + timeout
    while not database_answers():
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_INTERVAL)
    return True


def outage_retry(step, *, timeout: float, what: str):
    """Run `step()` and return its result; when the database cannot be reached, wait for it (at
    most `timeout` seconds) and run the step again.

    Raises the step's error when the database does not come back in time, when the step fails
    again with the database answering, or inside a transaction (whose work is lost with the
    connection: the caller must start it again).
    """
    deadline = time.monotonic() + timeout
    failed_while_answering = False
    while True:
        try:
            return step()
        except OUTAGE_ERRORS as exc:
            if connection.in_atomic_block:
                raise
            connection.close()
            answering = database_answers()
            if answering and failed_while_answering:
                raise
            failed_while_answering = answering
            logger.warning("The database cannot be reached while %s (%s); waiting for it", what, exc)
            if not database_wait(timeout=max(0.0, deadline - time.monotonic())):
                raise
