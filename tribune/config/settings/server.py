"""How `tribune serve` runs the production HTTP server (gunicorn), from the environment."""

import os

from .env import EnvError, env_bool, env_int, env_str


def server_options() -> dict:
    """Return gunicorn's options: bind address, workers, threads and the access log.

    Raises EnvError when SECRET_KEY is missing: a production server must not sign sessions and
    tokens with a key that lives in a file next to the database.
    """
    if not env_str("SECRET_KEY"):
        raise EnvError(
            "SECRET_KEY",
            "tribune serve needs it set; make one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'",
        )
    bind = env_str("BIND") or "127.0.0.1:8000"
    if ":" not in bind and not bind.startswith("unix:"):
        raise EnvError("BIND", f"expected host:port or unix:/path, got {bind!r}")
    cores = os.cpu_count() or 1
    return {
        "bind": bind,
        "workers": env_int("WEB_CONCURRENCY", 2 * cores + 1, minimum=1),
        # One request at a time per process, gunicorn's sync worker: on SQLite every request is CPU
        # work, and processes share no interpreter lock (docs/benchmarks.md: faster for reads and
        # posts than 4 threads each). Threads (gthread) suit a server without a buffering proxy
        # in front, or a PostgreSQL server across a network.
        "threads": env_int("WEB_THREADS", 1, minimum=1),
        "timeout": env_int("WEB_TIMEOUT", 30, minimum=1),
        # Off unless asked for: the reverse proxy in front keeps its own. Its lines name the route,
        # never the path (signed links) or the reader's address (operations.server).
        "accesslog": env_str("WEB_ACCESS_LOG") or None,
    }


def collect_static_at_start() -> bool:
    """Return whether `tribune serve` collects the static files before serving (the default); an
    image that collected them at build, into a folder its user may not write, says no."""
    return env_bool("COLLECT_STATIC_AT_START", True)


def worker_class(threads: int) -> str:
    """Return gunicorn's worker for `threads` per process: its own rule, sync for one (the leanest,
    and every request is CPU work on SQLite), gthread for more."""
    return "gthread" if threads > 1 else "sync"
