"""Copying and replacing the site's database, one class per kind: SQLite and PostgreSQL.

Each copies one consistent moment while the site writes, and reads the migrations applied in that
very copy (they go in the manifest). Each replaces the site's database in one step that either
completes or leaves it as it was.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, transaction

from .archive import BackupError

# Seconds SQLite waits for another writer's lock before giving up, as the site's own connections.
_SQLITE_TIMEOUT = 20


def site_database():
    """Return the copier of the site's database (settings.DATABASES["default"])."""
    if connection.vendor == "sqlite":
        return SqliteDatabase(Path(connection.settings_dict["NAME"]))
    if connection.vendor == "postgresql":
        return PostgresqlDatabase(connection.settings_dict)
    raise BackupError(f"Tribune backs up SQLite and PostgreSQL, not {connection.vendor}")


class SqliteDatabase:
    kind = "sqlite"
    label = "SQLite"

    def __init__(self, path: Path):
        self.path = path

    def snapshot(self, *, into: Path) -> list[list[str]]:
        """Copy the database to the file `into` with SQLite's online backup, in one step (one
        read transaction: writers go on in the write-ahead log meanwhile); return its migrations."""
        if not self.path.exists():
            raise BackupError(f"there is no database at {self.path} yet; run tribune migrate first")
        source = sqlite3.connect(self.path, timeout=_SQLITE_TIMEOUT)
        copy = sqlite3.connect(into)
        try:
            source.backup(copy)
            # The copy stands alone: no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            return _sqlite_migrations(copy)
        finally:
            copy.close()
            source.close()

    def verify(self, *, staged: Path) -> None:
        """Raise BackupError unless `staged` is a sound SQLite database of a Tribune site."""
        try:
            copy = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
            try:
                (answer,) = copy.execute("PRAGMA quick_check").fetchone()
                _sqlite_migrations(copy)
            finally:
                copy.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"the backup's database is damaged ({exc}); nothing was changed") from None
        if answer != "ok":
            raise BackupError(f"the backup's database is damaged ({answer}); nothing was changed")

    def restore(self, *, staged: Path, work: Path) -> None:
        """Replace the site's database with `staged`, in one transaction of SQLite's backup."""
        connection.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
        target = sqlite3.connect(self.path, timeout=_SQLITE_TIMEOUT)
        try:
            source.backup(target)
        except sqlite3.Error as exc:
            raise BackupError(f"the database could not be replaced ({exc}); it was left as it was") from None
        finally:
            target.close()
            source.close()


class PostgresqlDatabase:
    kind = "postgresql"
    label = "PostgreSQL"

    def __init__(self, settings_dict: dict):
        self.settings_dict = settings_dict

    def snapshot(self, *, into: Path) -> list[list[str]]:
        """Dump the database to `into` with pg_dump, from a snapshot this transaction exports:
        the migrations read here are those of the dumped moment."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
            migrations = [list(row) for row in cursor.fetchall()]
            # The snapshot lives as long as this transaction: pg_dump runs inside it.
            self._run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                       f"--snapshot={snapshot}", f"--file={into}"], what="pg_dump")
        return migrations

    def verify(self, *, staged: Path) -> None:
        """Raise BackupError unless pg_restore can read `staged`."""
        self._run(["pg_restore", "--list", str(staged)], what="pg_restore", damaged=True)

    def restore(self, *, staged: Path, work: Path) -> None:
        """Replace the site's tables with the dump's, in one psql transaction: the site's tables
        are dropped and the dump's created and filled, or nothing happens."""
        script = work / "restore.sql"
        self._run(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(staged)],
                  what="pg_restore", damaged=True)
        preamble = work / "drop.sql"
        preamble.write_text(self._drop_statements())
        connection.close()
        self._run(["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
                   f"--file={preamble}", f"--file={script}"], what="psql",
                  failure="the database could not be replaced; it was left as it was")

    def _drop_statements(self) -> str:
        """Return DROP statements for the site's own tables, views, sequences and functions (those
        of the current schema that belong to no extension and to no table)."""
        with connection.cursor() as cursor:
            cursor.execute("""
                SELECT c.relkind, c.relname FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                  AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
            """)
            rows = cursor.fetchall()
            # The site's own functions too (the live updates' trigger function), not extensions'.
            cursor.execute("""
                SELECT p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = current_schema()
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                  AND d.objid = p.oid AND d.deptype = 'e')
            """)
            functions = cursor.fetchall()
        kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
        quote = connection.ops.quote_name
        statements = []
        for relkind in ("v", "m", "r", "p", "S"):
            names = [quote(name) for kind, name in rows if kind == relkind]
            if names:
                statements.append(f"DROP {kinds[relkind]} IF EXISTS {', '.join(names)} CASCADE;")
        statements += [f"DROP FUNCTION IF EXISTS {quote(name)}({arguments}) CASCADE;"
                       for name, arguments in functions]
        return "SET client_min_messages = warning;\n" + "\n".join(statements) + "\n"

    def _run(self, command: list[str], *, what: str, damaged: bool = False, failure: str = "") -> None:
        if shutil.which(command[0]) is None:
            raise BackupError(f"{command[0]} is not installed; install PostgreSQL's client programs "
                              "(Debian: postgresql-client) of the server's version or newer")
        result = subprocess.run(command, env=self._environment(), capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
            if damaged:
                raise BackupError(f"the backup's database cannot be read by {what} ({detail}); "
                                  "nothing was changed")
            raise BackupError(f"{failure or what + ' failed'} ({detail})")

    def _environment(self) -> dict:
        """Return the environment that points libpq's programs at the site's database: the
        password travels there, not on a command line every user of the machine can read."""
        settings = self.settings_dict
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                          ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
            if settings.get(key):
                env[name] = str(settings[key])
        options = settings.get("OPTIONS") or {}
        for key, name in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                          ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY")):
            if options.get(key):
                env[name] = str(options[key])
        return env


def _sqlite_migrations(database: sqlite3.Connection) -> list[list[str]]:
    return [list(row) for row in database.execute("SELECT app, name FROM django_migrations ORDER BY id")]
