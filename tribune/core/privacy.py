"""Keyed hashes that let Tribune recognise a reader without storing who they are.

No raw IP address is stored anywhere. An address is hashed with a key derived from SECRET_KEY and
the current rotation period (a day by default): within a period the same address gives the same
hash, so rate limits and one-vote-per-guest work; across periods the hashes cannot be linked.
"""

import functools
import hashlib
import hmac
import time

from django.conf import settings

# Hours an address key lives before the next one replaces it.
ADDRESS_KEY_HOURS_DEFAULT = 24


def keyed_hash(purpose: str, value: str, *, period: int | None = None) -> str:
    """Return a hex HMAC-SHA256 of `value` under a key for `purpose` (and rotation `period`)."""
    key = _key(purpose, period, settings.SECRET_KEY)
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


@functools.lru_cache(maxsize=64)
def _key(purpose: str, period: int | None, secret: str) -> bytes:
    # Derived once per purpose, period and secret: hashes are taken for every comment of a page
    # and every row of an export.
    return hashlib.sha256(f"tribune:{purpose}:{'' if period is None else period}:{secret}".encode()).digest()


def address_period(now: float | None = None) -> int:
    """Return the number of the current address-key period."""
    hours = getattr(settings, "PRIVACY_ADDRESS_KEY_HOURS", ADDRESS_KEY_HOURS_DEFAULT)
    return int((now if now is not None else time.time()) // (hours * 3600))


def client_address(request) -> str:
    """Return the client's address: REMOTE_ADDR, or the proxy's X-Forwarded-For behind a proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The proxy appends the address it saw last; earlier entries are the client's claims.
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def address_hash(request) -> str:
    """Return the rotating keyed hash of the request's client address."""
    return keyed_hash("address", client_address(request), period=address_period())
