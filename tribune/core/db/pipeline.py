"""A write transaction whose statements go to PostgreSQL together (psycopg's pipeline mode).

A comment's write transaction is BEGIN, the rate counts, the comment, three counters, the
notification's task row and the thread's new count, then COMMIT: nine round trips one after another,
each a wait for the server process (on a busy machine, a wait for a core as well), the last
few while the thread's and the site's counter rows are locked. Inside `atomic_pipelined()`
psycopg queues every statement and waits only where the caller reads a result (a RETURNING, a
fetch): BEGIN with the comment's key and the rate counts, then everything else with COMMIT.
Two round trips; the counter rows are locked from their UPDATEs to the COMMIT sent in the
same packet.

How BEGIN and COMMIT join the batches: psycopg, out of autocommit, begins a transaction by
sending BEGIN and waiting for it alone; Django's outermost atomic block would commit after the
pipeline ends (a round trip of its own); and switching autocommit inside a pipeline costs one
more (psycopg asks the server for the transaction status). So the pipeline opens inside the
atomic block with psycopg's connection in autocommit (switched while idle, before the
pipeline: no round trip), the block's first statement is a queued BEGIN and its last a queued
COMMIT, and the pipeline's end sends it with what precedes it; Django's own commit then finds
the connection idle and sends nothing.
Its on_commit callbacks run as usual, after the COMMIT succeeded. A failure (a broken
constraint, a lost connection) surfaces at the pipeline's end, inside the atomic block, which
rolls back and raises as it would have for the statement itself.

What changes for the caller: a statement's error is raised at the next point that waits, not
by the statement; and a write's `rowcount` is unknown until then, so code inside must not
branch on it (`counter_upsert`, not `counter_increment` with a fallback). Inside another atomic
block (a test case, an import), the outer block owns the transaction: the statements are still
pipelined, and the COMMIT is the outer block's. On SQLite, where a statement is a function
call, this is `transaction.atomic()`.

How a batch is written: psycopg's own pipeline writes each statement to the socket as it is
queued (a flush after every one), so a post's dozen statements were a dozen writes, and on
loopback each write is processed at once in the writer's time and wakes the server's process
for a single statement. `_BatchingPipeline` leaves the statements in libpq's buffer until a
result is needed (a fetch, the pipeline's end) and writes them then, in one go: one write and
one wake-up of the server per wait. psycopg has no public hook for that: the class overrides
two private methods of psycopg 3.3's pipeline, and tribune/core/tests/test_db_pipeline.py
(what the server has seen when) and the posting tests (the waits of a post) fail if an upgrade
changes what they rely on.
"""

from contextlib import contextmanager

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from psycopg.generators import send


class _BatchingPipeline(psycopg.Pipeline):
    """psycopg's pipeline, writing its queued statements when a result is needed, not one by one.

    psycopg calls `_communicate_gen` after each statement (and for a Sync), `_fetch_gen` before
    reading results; the statements are handed to libpq (which buffers them, flushing by itself
    only past 64 KB) in the first, and written to the server in the second."""

    def _communicate_gen(self):
        self._hand_over()
        return
        yield  # a generator, as the method it replaces

    def _fetch_gen(self, *, flush: bool):
        self._hand_over()
        if not flush:
            # psycopg's own fetch writes the buffer only when asked for a flush.
            yield from send(self.pgconn)
        yield from super()._fetch_gen(flush=flush)

    def _hand_over(self) -> None:
        queue = self.command_queue
        while queue:
            queue.popleft()()


def _pipeline(connection):
    """psycopg's `Connection.pipeline()` (`connection` is Django's), with the batching pipeline:
    psycopg takes the pipeline it finds on the connection, and drops it at the outermost end."""
    pgconn = connection.connection
    if pgconn._pipeline is None:
        pgconn._pipeline = _BatchingPipeline(pgconn)
    return pgconn.pipeline()


@contextmanager
def atomic_pipelined(using: str = DEFAULT_DB_ALIAS):
    """Run the block in a transaction, as transaction.atomic() does, with its statements sent
    to PostgreSQL in as few round trips as the results it reads allow."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with transaction.atomic(using=using):
            yield
        return
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost:
            # Out of autocommit, psycopg begins the transaction itself at the first statement
            # and, in a pipeline, waits for the BEGIN alone. In autocommit it sends none (set
            # now, before the pipeline, costs no round trip): the block's BEGIN is queued with
            # its first statements. Django still sees a transaction: its commit finds the
            # connection idle after the COMMIT below, its rollback sends ROLLBACK after an error.
            connection.connection.autocommit = True
        # An error that surfaces when the pipeline sends its last batch is psycopg's own: Django's
        # wrapper makes it the IntegrityError (or other) that a statement would have raised.
        with connection.wrap_database_errors, _pipeline(connection):
            if outermost:
                with connection.cursor() as cursor:
                    cursor.execute("BEGIN")
            yield
            if outermost:
                with connection.cursor() as cursor:
                    cursor.execute("COMMIT")


@contextmanager
def reads_together(using: str = DEFAULT_DB_ALIAS):
    """Send the reads started in the block with a function to fetch their rows later
    (core.rows.rows_values_later, core.ratelimit.rate_count_recent_later) to PostgreSQL
    together: one round trip when the block ends, instead of one per read. The functions are
    called after the block. On SQLite, nothing: each read is answered as it runs."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, _pipeline(connection):
        yield
