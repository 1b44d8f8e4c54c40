"""Reads from PostgreSQL streaming replicas, with each reader still reading their own writes.

Who reads where:
- Only a safe request (GET, HEAD, OPTIONS) that ReplicaMiddleware lets through reads from a
  replica. Everything else uses the primary: writes and the reads of a request that writes,
  the worker, commands and migrations (the router allows migrations on the primary alone), and
  any read inside a transaction (get_or_create, select_for_update and a service's checks read
  what they are about to write).
- A reader who has just written reads from the primary for DATABASE_REPLICA_PIN_SECONDS: a
  successful write sets a signed, short-lived cookie (pages and same-site API calls), and, for
  another site's widget that sends no cookies, marks the writer's hashed address in the cache
  (shared by every server with CACHE_URL). The cookie is signed with an expiry, so it cannot be
  forged or kept; getting one takes a successful write, which the rate limits count.
- A replica is used only while it is close enough: each process asks it, at most once a second,
  how far behind the primary it is (its replay position against what it has received, and the
  time of the last transaction it replayed). A replica further behind than
  DATABASE_REPLICA_MAX_LAG, paused for longer than that with writes waiting, promoted, or that
  does not answer, is left alone and its reads go to the primary until a later check finds it
  well again. A replica that fails in the middle of a read makes the view run again on the
  primary (a safe request changes nothing, so running it twice is harmless).
"""

import contextvars
import random
import threading
import time
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from .privacy import address_hash

PIN_COOKIE = "tribune_primary"
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Seconds between two looks at a replica's health, per process.
CHECK_INTERVAL = 1.0
_LAG_SQL = (
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
    "THEN 0 ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
)

# The replica this request reads from, or None for the primary.
_reading = contextvars.ContextVar("tribune_replica", default=None)


class ReplicaRouter:
    """Send reads to the replica ReplicaMiddleware chose for the request, everything else to the
    primary; migrate the primary alone."""

    def db_for_read(self, model, **hints):
        alias = _reading.get()
        if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the primary's rows: an object read from one relates to one from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Choose where a request reads, pin a writer to the primary, and run a view again on the
    primary when its replica fails mid-read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = None
        if settings.DATABASE_REPLICAS and request.method in _SAFE_METHODS and not _pinned(request):
            alias = replica_choose()
        token = _reading.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        if settings.DATABASE_REPLICAS and request.method not in _SAFE_METHODS and response.status_code < 400:
            _pin(request, response)
        return response

    def process_exception(self, request, exception):
        alias = _reading.get()
        if alias is None or not isinstance(exception, DatabaseError):
            return None
        replica_mark_down(alias)
        _reading.set(None)
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)


def replica_choose() -> str | None:
    """Return a replica that is well and close enough to the primary, or None for the primary."""
    healthy = [alias for alias in settings.DATABASE_REPLICAS if _health.usable(alias)]
    return random.choice(healthy) if healthy else None  # noqa: S311 (spreading load, not a secret)


def replica_mark_down(alias: str) -> None:
    """Leave replica `alias` alone until its next check finds it well."""
    _health.mark(alias, usable=False)
    with suppress(DatabaseError):
        connections[alias].close()


def replica_reading() -> str | None:
    """Return the replica this request reads from, or None when it reads from the primary."""
    alias = _reading.get()
    return None if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block else alias


@contextmanager
def reads_on_primary():
    """Read from the primary inside the block, whatever the request chose."""
    token = _reading.set(None)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_states_forget() -> None:
    """Forget what this process knows of its replicas' health (for tests)."""
    _health.forget()


class _Health:
    """Each replica's last known state, per process, looked at again after CHECK_INTERVAL."""

    def __init__(self):
        self.states: dict[str, tuple[float, bool]] = {}
        self.lock = threading.Lock()

    def usable(self, alias: str) -> bool:
        checked_at, usable = self.states.get(alias, (0.0, False))
        if time.monotonic() - checked_at < CHECK_INTERVAL:
            return usable
        # One thread looks; the others go on with the last answer (the primary, at first).
        if not self.lock.acquire(blocking=False):
            return usable
        try:
            usable = _replica_check(alias)
            self.states[alias] = (time.monotonic(), usable)
            return usable
        finally:
            self.lock.release()

    def mark(self, alias: str, *, usable: bool) -> None:
        self.states[alias] = (time.monotonic(), usable)

    def forget(self) -> None:
        self.states.clear()


_health = _Health()


def _replica_check(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(_LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError:
        with suppress(DatabaseError):
            connections[alias].close()
        return False
    # A promoted replica no longer follows the primary: its rows go stale from now on.
    return bool(in_recovery) and lag is not None and float(lag) <= settings.DATABASE_REPLICA_MAX_LAG


def _pinned(request) -> bool:
    value = request.COOKIES.get(PIN_COOKIE)
    if value:
        try:
            signing.loads(value, salt=PIN_COOKIE, max_age=settings.DATABASE_REPLICA_PIN_SECONDS)
            return True
        except signing.BadSignature:
            pass
    return bool(cache.get(_pin_key(request)))


def _pin(request, response) -> None:
    seconds = settings.DATABASE_REPLICA_PIN_SECONDS
    response.set_cookie(PIN_COOKIE, signing.dumps(1, salt=PIN_COOKIE), max_age=seconds, httponly=True,
                        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    cache.set(_pin_key(request), 1, seconds)


def _pin_key(request) -> str:
    return f"core:replica-pin:{address_hash(request)}"
