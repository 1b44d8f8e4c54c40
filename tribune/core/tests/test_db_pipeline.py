"""Statements queued in a pipeline (core.db.pipeline) reach PostgreSQL together, when a result
is needed, and what they return is what each statement returns alone."""

import psycopg
import pytest
from django.db import IntegrityError, connection

from tribune.core.db.pipeline import atomic_pipelined, reads_together
from tribune.core.db.prepared import rows_later

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pipeline"),
]


@pytest.fixture
def last_statement():
    """Return a function giving the last statement the test's connection sent PostgreSQL, as
    PostgreSQL saw it (from another connection)."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        yield lambda: other.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()[0]


def test_reads_go_out_together_when_one_is_read(last_statement):
    # psycopg's own pipeline wrote each statement as it was queued: one write, and one wake-up
    # of the server's process, per statement.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'before the reads'")
    with reads_together():
        first = rows_later(connection, "SELECT 1 AS marker_first", [])
        second = rows_later(connection, "SELECT 2 AS marker_second", [])
        assert "marker" not in last_statement()
    assert "marker_second" in last_statement()
    assert first() == [(1,)] and second() == [(2,)]


def test_a_transactions_statements_go_out_when_a_result_is_needed(last_statement):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE pipeline_probe (n integer)")
    with atomic_pipelined():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO pipeline_probe VALUES (1)")
            cursor.execute("INSERT INTO pipeline_probe VALUES (2)")
        assert last_statement().startswith("CREATE TEMPORARY TABLE")
        counted = rows_later(connection, "SELECT count(*) FROM pipeline_probe", [])
        # Reading a result sends everything queued before it, in order.
        assert counted() == [(2,)]
        assert "SELECT count(*) FROM pipeline_probe" in last_statement()
    assert last_statement() == "COMMIT"
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM pipeline_probe ORDER BY n")
        assert cursor.fetchall() == [(1,), (2,)]


def test_an_error_in_a_queued_statement_rolls_the_transaction_back():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE pipeline_probe (n integer UNIQUE)")
    with (pytest.raises(IntegrityError, match="duplicate key"), atomic_pipelined(),
          connection.cursor() as cursor):
        cursor.execute("INSERT INTO pipeline_probe VALUES (1)")
        cursor.execute("INSERT INTO pipeline_probe VALUES (1)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pipeline_probe")
        assert cursor.fetchone() == (0,)
        cursor.execute("INSERT INTO pipeline_probe VALUES (1)")
