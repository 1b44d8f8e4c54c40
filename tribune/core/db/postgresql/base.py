"""Django's PostgreSQL backend (psycopg 3), with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django checks a kept connection before the first statement of every
request by sending it SELECT 1: one more wait for the server per request, the largest share
of a cached API answer's time and a tenth of a post's. A server that ends a connection (a
restart, an idle timeout, pg_terminate_backend) says so: it sends an error message and closes
the socket, and either makes the socket readable. So a connection whose socket has nothing to
read is taken as alive without asking; one with something waiting gets Django's own SELECT 1,
which fails on a closed connection, and Django opens a new one before the request uses it.

A connection lost without a word (a network path dropping it) is found by the request's first
statement failing, as it would be between Django's checks: that request fails, and Django
closes the connection after it (errors_occurred), so the next request opens a new one.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
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
