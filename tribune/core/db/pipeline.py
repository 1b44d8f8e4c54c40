"""Statements sent to PostgreSQL together, in one round trip (psycopg's pipeline mode).

A comment's write transaction is BEGIN, the rate counts, the comment, its root, three
counters and the notification's task row, then COMMIT: nine round trips one after another,
each a wait for the server process, and the last few while the thread's and the site's
counter rows are locked. Inside `statements_pipelined()` psycopg queues every statement and
waits only where the caller reads a result (a RETURNING, a fetch): the rate counts with BEGIN,
the comment's new id, then everything else with COMMIT. Rows are locked from the counters'
UPDATEs to the COMMIT sent right after them, not for several round trips.

What changes for the caller: a statement's error (a broken constraint) is raised at the next
point that waits, at the latest by the commit, which Django then rolls back as usual; and a
write's `rowcount` is not known until then, so statements inside must not branch on it
(`counter_upsert` instead of `counter_increment` plus a fallback). On SQLite, where a
statement is a function call, it changes nothing.
"""

from contextlib import contextmanager, nullcontext

from django.db import DEFAULT_DB_ALIAS, connections


def statements_pipelined(using: str = DEFAULT_DB_ALIAS):
    """Return a context in which the connection `using` sends statements without waiting for
    each answer (PostgreSQL); on other databases, a context that does nothing."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return nullcontext()
    return _pipeline(connection)


@contextmanager
def _pipeline(connection):
    connection.ensure_connection()
    with connection.connection.pipeline():
        yield
