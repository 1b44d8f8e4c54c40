"""How many live connections one address holds and opens: counted in the live server's memory.

A connection is cheap but not free (a socket, some buffers): one script opening thousands from
one address, or reconnecting in a tight loop, is refused with 429 before it costs a query. An
IPv4 address or an IPv6 /64 counts as one (core.privacy.address_network), as every other limit.
Addresses stay in memory only, never on disk, and are forgotten when their window passes.
"""

import time
from dataclasses import dataclass

from tribune.core.privacy import address_network, client_address

from .. import conf


@dataclass
class _Meta:
    """What core.privacy.client_address reads of a Django request, from an ASGI scope."""

    META: dict


def scope_address(scope: dict) -> str:
    """Return the network the ASGI request came from, as the site's other limits count it."""
    meta = {"REMOTE_ADDR": (scope.get("client") or ("unknown", 0))[0]}
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-for":
            meta["HTTP_X_FORWARDED_FOR"] = value.decode("latin-1")
    return address_network(client_address(_Meta(meta)))


class AddressLimits:
    """Open connections and recent connection attempts per network."""

    def __init__(self):
        self.open: dict[str, int] = {}
        self.attempts: dict[str, tuple[int, int]] = {}

    def admit(self, network: str, now: float | None = None) -> int:
        """Count an attempt to connect from `network`; return 0 when it may connect (and count it
        open until release()), else the seconds it should wait."""
        limit, window = conf.get("DISCUSSION_LIVE_CONNECT_RATE")
        now = time.time() if now is None else now
        start = int(now // window) * window
        seen_start, count = self.attempts.get(network, (start, 0))
        if seen_start != start:
            count = 0
            if len(self.attempts) > 10_000:
                self._forget(start)
        count += 1
        self.attempts[network] = (start, count)
        if count > limit:
            return max(1, int(start + window - now) + 1)
        if self.open.get(network, 0) >= conf.get("DISCUSSION_LIVE_CONNECTIONS_PER_ADDRESS"):
            return max(1, int(conf.get("DISCUSSION_LIVE_HEARTBEAT")))
        self.open[network] = self.open.get(network, 0) + 1
        return 0

    def release(self, network: str) -> None:
        left = self.open.get(network, 0) - 1
        if left > 0:
            self.open[network] = left
        else:
            self.open.pop(network, None)

    def _forget(self, start: int) -> None:
        self.attempts = {network: seen for network, seen in self.attempts.items() if seen[0] == start}
