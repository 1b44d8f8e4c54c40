"""Keyed hashes that let Tribune recognise a reader without storing who they are.

No raw IP address is stored anywhere. An address is hashed with a key derived from SECRET_KEY and
the current rotation period (a day by default): within a period the same address gives the same
hash, so rate limits and one-vote-per-guest work; across periods the hashes cannot be linked.

What is hashed is what one subscriber holds: an IPv4 address, or the /64 network of an IPv6 one
(a home or a phone gets a whole /64 and may use any address in it). An IPv4 address written as
IPv6 (::ffff:203.0.113.5) is that IPv4 address. Rate limits, one-vote-per-connection, floods and
bans all go through address_hash(), so all of them count per /64.

Which address is the client's: REMOTE_ADDR, unless PROXY_COUNT says how many reverse proxies of
the site's own stand in front. Each appends the address it received the request from to
X-Forwarded-For, so with N proxies the client is the Nth entry from the right; anything further
left was written by the client and is ignored.
"""

import functools
import hashlib
import hmac
import ipaddress
import time

from django.conf import settings

# Hours an address key lives before the next one replaces it.
ADDRESS_KEY_HOURS_DEFAULT = 24
# Reverse proxies in front whose X-Forwarded-For entries are trusted (settings.PROXY_COUNT).
PROXY_COUNT_DEFAULT = 0


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
    """Return the client's address: REMOTE_ADDR, or with PROXY_COUNT proxies in front the entry
    of X-Forwarded-For the outermost of them wrote."""
    proxies = getattr(settings, "PROXY_COUNT", PROXY_COUNT_DEFAULT)
    if proxies > 0:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        if forwarded:
            # Fewer entries than proxies: the request came in past some of them, and the leftmost
            # entry is the furthest address known.
            return forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def address_network(address: str) -> str:
    """Return what counts as one connection: an IPv4 address, or an IPv6 address's /64 network.

    A string that is no address (a proxy's "unknown", a port left on) is returned as it is.
    """
    text = address.strip()
    # "[2001:db8::1]:443" and "203.0.113.5:8080": a port some proxies leave on.
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    # Built from the integer: a zone index ("fe80::1%eth0") would not survive ip_network().
    return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))


def address_hash(request) -> str:
    """Return the rotating keyed hash of the request's client address (its /64 for IPv6)."""
    return keyed_hash("address", address_network(client_address(request)), period=address_period())
