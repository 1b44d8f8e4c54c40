"""Growing past one machine: read replicas, a shared cache and HTTP caching, from the environment.

- `DATABASE_REPLICA_URLS`: PostgreSQL streaming replicas (comma-separated URLs) that take the
  reads of pages and of the API (tribune.core.replicas). Writes, migrations, the worker and
  commands use the primary in `DATABASE_URL`.
- `CACHE_URL`: a Redis or Valkey server (redis://host:6379/0) that every app server shares for
  rendered pages and cached answers. Without it each process keeps its own, in memory.
- `HTTP_CACHE_SECONDS`: how long a shared cache in front (a CDN, Varnish, nginx) may keep an
  anonymous page or API read (s-maxage); 0 keeps them out of shared caches, as before.
- `HTTP_PURGE_URL`, `HTTP_PURGE_TOKEN`: where a change is announced so that the cache in front
  drops the copies that show it (tribune.core.purge).
"""

from urllib.parse import urlsplit

import dj_database_url

from .database import database_from_env
from .env import EnvError, env_int, env_str

CACHE_SCHEMES = ("redis", "rediss", "valkey", "valkeys")


def replicas_from_env(primary: dict) -> dict:
    """Return extra DATABASES entries ("replica_1", ...) for DATABASE_REPLICA_URLS."""
    raw = env_str("DATABASE_REPLICA_URLS") or ""
    urls = [item.strip() for item in raw.split(",") if item.strip()]
    if not urls:
        return {}
    # Tribune's PostgreSQL backend (core/db/postgresql) or Django's own.
    if not primary["ENGINE"].endswith(".postgresql"):
        raise EnvError("DATABASE_REPLICA_URLS", "replicas need a PostgreSQL primary in DATABASE_URL; "
                       "SQLite has no replicas: leave DATABASE_REPLICA_URLS unset")
    replicas = {}
    for number, url in enumerate(urls, start=1):
        try:
            config = dj_database_url.parse(url, conn_max_age=60)
        except (ValueError, KeyError) as exc:
            raise EnvError("DATABASE_REPLICA_URLS", f"cannot use replica {number} ({exc}); "
                           "write postgres://user:password@host:5432/name") from None
        if config.get("ENGINE") != "django.db.backends.postgresql" or not config.get("NAME"):
            raise EnvError("DATABASE_REPLICA_URLS", f"replica {number} must be a postgres:// URL "
                           "with a database name, like the primary's")
        config["CONN_HEALTH_CHECKS"] = True
        # A replica that is down must not hold a request for long: the primary answers instead.
        config.setdefault("OPTIONS", {})["connect_timeout"] = 2
        # The test suite never creates a database on a replica: it reads the primary's.
        config["TEST"] = {"MIRROR": "default"}
        replicas[f"replica_{number}"] = config
    return replicas


def database_settings_from_env() -> dict:
    """Return DATABASES (the primary and its replicas) and the replica settings."""
    primary = database_from_env()
    replicas = replicas_from_env(primary)
    return {
        "DATABASES": {"default": primary, **replicas},
        "DATABASE_ROUTERS": ["tribune.core.replicas.ReplicaRouter"] if replicas else [],
        "DATABASE_REPLICAS": list(replicas),
        # Seconds a reader who has just written reads from the primary (their own writes).
        "DATABASE_REPLICA_PIN_SECONDS": env_int("DATABASE_REPLICA_PIN_SECONDS", 10, minimum=1),
        # A replica further behind than this, in seconds, is left alone until it catches up.
        "DATABASE_REPLICA_MAX_LAG": env_int("DATABASE_REPLICA_MAX_LAG", 5, minimum=0),
    }


def cache_from_env() -> dict:
    """Return CACHES for CACHE_URL (default: each process's own memory)."""
    url = env_str("CACHE_URL") or ""
    if not url:
        return {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
                "CACHE_SHARED": False}
    parts = urlsplit(url)
    if parts.scheme not in CACHE_SCHEMES or not parts.hostname:
        raise EnvError("CACHE_URL", "expected a Redis or Valkey server like redis://127.0.0.1:6379/0 "
                       "(rediss:// for TLS)")
    # Valkey speaks Redis's protocol; redis-py knows only the redis schemes.
    location = url.replace("valkey", "redis", 1) if parts.scheme.startswith("valkey") else url
    return {
        "CACHES": {"default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            # One Redis may serve several sites: keys carry the site's prefix.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX") or "tribune",
            # A cache that is down slows requests by at most this, then they are rendered fresh.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }},
        "CACHE_SHARED": True,
    }


def http_cache_from_env() -> dict:
    """Return the HTTP_CACHE_SECONDS and HTTP_PURGE_* settings."""
    purge_url = env_str("HTTP_PURGE_URL") or ""
    if purge_url and urlsplit(purge_url).scheme not in ("http", "https"):
        raise EnvError("HTTP_PURGE_URL", "expected an http:// or https:// address that takes purges, "
                       "like https://cdn.example.net/purge or http://127.0.0.1:8080{path}")
    return {
        "HTTP_CACHE_SECONDS": env_int("HTTP_CACHE_SECONDS", 0),
        "HTTP_PURGE_URL": purge_url,
        "HTTP_PURGE_TOKEN": env_str("HTTP_PURGE_TOKEN") or "",
    }
