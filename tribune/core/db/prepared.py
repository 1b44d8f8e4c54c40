"""Cursors for the statements that run on every post, prepared once on PostgreSQL.

Django sends each statement with its values written into the text, and PostgreSQL parses and
plans it anew every time: for the small statements of a post (one row read, one counter
added), most of the server's work. A cursor from `prepared_cursor()` binds the values on the
server instead (psycopg's server-side binding), and the backend (core.db.postgresql) has such
cursors prepare each statement on its first run and keep it for the connection's life: later
runs send only the values. It is Django's cursor wrapper all the same: errors, query logging and
execute wrappers work as for any other statement. On SQLite, where a statement is a function
call and the sqlite3 module keeps its own cache of compiled statements, it is Django's cursor.

Only statements whose text is built once belong here (a statement per distinct text is kept on
each connection, up to psycopg's limit of 100, the least used dropped first).
"""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.base import ServerBindingCursor


def prepared_cursor(using: str = DEFAULT_DB_ALIAS, *, connection=None):
    """Return a cursor of the database `using` (or of `connection`) for statements to prepare."""
    connection = connection or connections[using]
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(ServerBindingCursor(connection.connection))


def rows_later(connection, sql: str, params: list) -> Callable[[], list[tuple]]:
    """Run `sql` (prepared); return a function that returns its rows (once) and closes its
    cursor. Inside a pipeline (core.db.pipeline) nothing waits for the answer until the
    function is called or a later statement's result is read: the read joins that round trip.
    SQLite answers a statement as it runs: its rows are read at once."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        return lambda: found
    cursor = prepared_cursor(connection=connection)
    try:
        cursor.execute(sql, params)
    except BaseException:
        cursor.close()
        raise

    def rows() -> list[tuple]:
        try:
            return cursor.fetchall()
        finally:
            cursor.close()

    return rows
