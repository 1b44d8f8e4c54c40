"""The PostgreSQL backend's health check: free for a live connection, exact for one the server
ended (tribune.core.db.postgresql)."""

import tempfile

import psycopg
import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


def _sent_during(function) -> str:
    pgconn = connection.connection.pgconn
    with tempfile.TemporaryFile() as out:
        pgconn.trace(out.fileno())
        try:
            result = function()
        finally:
            pgconn.untrace()
        out.seek(0)
        return result, out.read().decode()


def test_a_live_kept_connection_is_checked_without_asking_the_server():
    # Django's own check sent SELECT 1 before the first statement of every request.
    connection.ensure_connection()
    usable, trace = _sent_during(connection.is_usable)
    assert usable is True
    assert trace == ""


def test_a_connection_the_server_ended_is_found_and_replaced_before_a_request_uses_it():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        # The server has sent its goodbye once the process is gone.
        while other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            pass
    assert connection.is_usable() is False
    # What Django does at the start of a request with CONN_HEALTH_CHECKS.
    connection.health_check_enabled = True
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert connection.connection.info.backend_pid != pid
