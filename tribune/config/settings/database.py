"""The database, from `DATABASE_URL`.

SQLite is the embedded default; PostgreSQL (psycopg 3) is the production database. SQLite is
tuned for a web server: write-ahead logging lets readers work while one request writes, the busy
timeout makes a second writer wait instead of failing, and IMMEDIATE transactions take the write
lock up front so two writers never deadlock upgrading a read lock.

The log is copied back into the database (a checkpoint, with its disk syncs) by whichever commit
finds it past wal_autocheckpoint pages, while that writer holds the lock every other writer
waits for. At SQLite's default of 1,000 pages a busy comment thread checkpoints every fifty-odd
posts, each time rewriting the same hot pages (the thread's row, the counters, the indexes'
upper levels); at 10,000 it does a tenth as often, for a log of up to about 40 MB.
"""

from pathlib import Path

import dj_database_url

from .env import EnvError, env_str, var_dir

SQLITE_INIT = ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
               "PRAGMA wal_autocheckpoint=10000;")
# Seconds a writer waits for the lock before SQLite reports "database is locked".
SQLITE_BUSY_TIMEOUT = 20


def database_from_env() -> dict:
    """Return Django's DATABASES["default"] for `DATABASE_URL` (default: SQLite under var/)."""
    url = env_str("DATABASE_URL") or f"sqlite:///{var_dir() / 'tribune.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except (ValueError, KeyError) as exc:
        raise EnvError(
            "DATABASE_URL",
            f"cannot use {url!r} ({exc}); write sqlite:////path/to/file.sqlite3 "
            "or postgres://user:password@host:5432/name",
        ) from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise EnvError("DATABASE_URL", "a SQLite URL needs a file path: sqlite:///path/db.sqlite3")
        # A relative path names another database in each folder a command runs from.
        if config["NAME"] != ":memory:" and not Path(config["NAME"]).is_absolute():
            raise EnvError("DATABASE_URL", f"a SQLite path must be absolute (four slashes: "
                                           f"sqlite:////srv/tribune/db.sqlite3), got {url!r}")
        # Django's backend, with writers taking turns (see tribune.core.db.sqlite3).
        config["ENGINE"] = "tribune.core.db.sqlite3"
        config["OPTIONS"] = {
            "init_command": SQLITE_INIT,
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
        }
        # Opening a SQLite connection (and running its PRAGMAs) costs more than a cached
        # answer: each server thread keeps its connection.
        config["CONN_MAX_AGE"] = 600
        config["CONN_HEALTH_CHECKS"] = True
    elif engine == "django.db.backends.postgresql":
        if not config.get("NAME"):
            raise EnvError("DATABASE_URL", "a PostgreSQL URL needs a database name after the host")
        # Django's backend, with a health check that sends nothing (see tribune.core.db.postgresql).
        config["ENGINE"] = "tribune.core.db.postgresql"
        # Persistent connections with health checks: the production server reuses them.
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise EnvError("DATABASE_URL", f"Tribune runs on SQLite or PostgreSQL, not {engine!r}")
    config.setdefault("TEST", {})
    return config
