"""Django's PostgreSQL backend (psycopg 3), with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django checks a kept connection before the first statement of every
request by sending it SELECT 1: one more wait for the server per request, the largest share
of a cached API answer's time and a tenth of a post's. A server that ends a connection (a
restart, an idle timeout, pg_terminate_backend) says so: it sends an error message and closes
the socket, and either makes the socket readable. So a connection whose socket has nothing to
read is taken as alive without asking; one with something waiting gets Django's own SELECT 1,
which fails on a closed connection, and Django opens a new one before the request uses it.

Prepared statements: Django binds parameters in the client and never prepares (it turns
psycopg's preparing off, for connection poolers). The hot paths' statements (core.rows) go
through cursors that bind on the server instead, and those are prepared on their first run
and kept for the connection's life: PostgreSQL then parses and plans each once, not on every
post. Only those cursors prepare; Django's own still cannot. Behind a pooler in transaction
mode this needs one that keeps prepared statements (PgBouncer 1.21 or later with
max_prepared_statements set).

A connection lost without a word (a network path dropping it) is found by the request's first
statement failing, as it would be between Django's checks: that request fails, and Django
closes the connection after it (errors_occurred), so the next request opens a new one.
"""

import select

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # A server-binding cursor running a prepared statement keeps no text of it: the SQL with
        # its values in place, as a client-binding cursor would have sent it (query logging,
        # tests that read connection.queries).
        query = super().last_executed_query(cursor, sql, params)
        if query is None and sql is not None:
            try:
                return self.compose_sql(sql, params)
            except Exception:  # noqa: BLE001 - only a log line: the statement itself ran
                return sql
        return query


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Client-binding cursors (Django's) ignore it; server-binding ones (core.rows) prepare
        # a statement the first time they run it.
        connection.prepare_threshold = 0
        return connection

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            waiting, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        # Something to read between requests: the server's goodbye (or a notice): ask for real.
        return super().is_usable() if waiting else True
