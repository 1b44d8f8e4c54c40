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


# Where `tribune serve` runs the live endpoint unless LIVE_BIND says otherwise.
LIVE_BIND_DEFAULT = "127.0.0.1:8001"


def live_bind() -> str:
    """Return LIVE_BIND, where the live server listens (host:port or unix:/path), or "" when
    LIVE_BIND=off: no live server, and pages do not connect."""
    bind = env_str("LIVE_BIND") or LIVE_BIND_DEFAULT
    if bind == "off":
        return ""
    if bind.startswith("unix:"):
        return bind
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise EnvError("LIVE_BIND", f"expected host:port, unix:/path or off, got {bind!r}")
    return bind


def live_url(site_url: str) -> str:
    """Return where browsers reach the live endpoint: LIVE_URL; else, behind a proxy, the site's
    own /live/ (the proxy routes it to LIVE_BIND); else the site's host at LIVE_BIND's port.
    Empty when LIVE_BIND=off."""
    bind = live_bind()
    if not bind:
        return ""
    url = env_str("LIVE_URL")
    if url:
        if not (url.startswith("/") or url.startswith(("http://", "https://"))) or \
                not url.rstrip("/").endswith("/live"):
            raise EnvError("LIVE_URL", f"expected an address ending in /live/, like "
                           f"https://news.example.org/live/ or /live/, got {url!r}")
        return url.rstrip("/") + "/"
    if env_bool("BEHIND_PROXY", False) or bind.startswith("unix:"):
        return "/live/"
    scheme, _, rest = site_url.partition("://")
    host = rest.split("/", 1)[0].rsplit(":", 1)[0] if not rest.startswith("[") else rest.split("]")[0] + "]"
    return f"{scheme}://{host}:{bind.rpartition(':')[2]}/live/"


def live_origin(url: str) -> str:
    """Return the origin of an absolute live URL, for the Content-Security-Policy; "" for a path."""
    if not url.startswith(("http://", "https://")):
        return ""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
