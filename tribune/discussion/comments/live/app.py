"""The live endpoint: GET /live/threads/<id>, a Server-Sent Events stream of a thread's changes.

A plain ASGI application (no Django request machinery: it holds thousands of idle connections,
each costing a coroutine and a socket). Public and read-only: it sends what the API's
all-comments answer shows anyone. Another site's page may connect only when it is in
DISCUSSION_EMBED_HOSTS (or is the site itself, SITE_URL and CSRF_TRUSTED_ORIGINS): CORS for them,
403 for the rest, so no other page makes its visitors hold connections here.

The stream, after the headers:

    retry: 3000                       how long the browser waits before reconnecting
    event: ready                      the thread's version (with id: when nothing precedes it)
    id: <version> / event: change     what changed: {"version", "comment_count", "comments":
                                      [the API's comment JSON], "votes": [[id, up, down, score]],
                                      "more": new comments not included}
    id: <version> / event: resync     the reader is too far behind: fetch the comments again
    :                                 a heartbeat every DISCUSSION_LIVE_HEARTBEAT seconds

A reader names the version it has (`?since=` or the Last-Event-ID header of a reconnecting
browser) and is sent what happened after it.
"""

import asyncio
import contextlib
import json
import logging
import re
import time
from urllib.parse import parse_qs

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _

from tribune.core.api import error_body
from tribune.core.origins import origin_normalize

from .. import conf
from ..embedding import embed_origins
from .hub import Channel, Hub, HubStoppingError, frame
from .limits import AddressLimits, scope_address
from .watch import watchers

logger = logging.getLogger("tribune.live")
PATH = re.compile(r"^/live/threads/(\d{1,18})$")
HEALTH = "/live/health"
RETRY_MS = 3000
_STREAM_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    # Never kept by a cache or transformed (compressed, buffered) on the way.
    (b"cache-control", b"no-store, no-transform"),
    # nginx: pass each event on at once (docs/operating.md).
    (b"x-accel-buffering", b"no"),
    (b"x-content-type-options", b"nosniff"),
]


class LiveApplication:
    """The ASGI application of `tribune live`."""

    def __init__(self, hub: Hub | None = None):
        self.hub = hub or Hub()
        self.limits = AddressLimits()
        self.readers: dict[asyncio.Task, float | None] = {}
        self.capacity = conf.get("DISCUSSION_LIVE_MAX_CONNECTIONS")
        self.background: list[asyncio.Task] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    # -- lifespan ------------------------------------------------------------------------------

    async def _lifespan(self, receive, send):
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.startup()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def startup(self) -> None:
        self.hub.start()
        self.background = [asyncio.create_task(watcher) for watcher in watchers(self.hub)]
        self.background.append(asyncio.create_task(self._stop_stuck_writes()))

    async def shutdown(self) -> None:
        # Every stream ends (the browsers reconnect to the next server) before the tasks stop.
        await self.hub.stop()
        for task in self.background:
            task.cancel()
        await asyncio.gather(*self.background, return_exceptions=True)
        self.hub.database.close()

    # -- requests ------------------------------------------------------------------------------

    async def _http(self, scope, receive, send):
        # ASGI gives names and values as bytes, names in lower case.
        headers = {name.decode("latin-1"): value.decode("latin-1")
                   for name, value in scope.get("headers", ())}
        origin = headers.get("origin")
        cors = []
        if origin is not None:
            if not live_origin_allowed(origin):
                return await _answer(send, 403, error_body(
                    "cross_site_refused", _("This site may not show this discussion.")))
            cors = [(b"access-control-allow-origin", origin.encode("latin-1")), (b"vary", b"origin")]
        elif scope["path"] == HEALTH or PATH.match(scope["path"]):
            cors = [(b"vary", b"origin")]
        if scope["path"] == HEALTH:
            return await _answer(send, 200, {"status": "ok"}, cors)
        match = PATH.match(scope["path"])
        if match is None:
            return await _answer(send, 404, error_body("not_found", _("There is nothing here.")), cors)
        if scope["method"] == "OPTIONS" and origin is not None:
            return await _answer(send, 204, None, [*cors, (b"access-control-allow-methods", b"GET"),
                                                   (b"access-control-allow-headers", b"last-event-id"),
                                                   (b"access-control-max-age", b"86400")])
        if scope["method"] not in ("GET", "HEAD"):
            return await _answer(send, 405, error_body("http_error", _("Only GET is allowed here.")),
                                 [*cors, (b"allow", b"GET, HEAD")])
        since = _since(scope, headers)
        if since == "invalid":
            return await _answer(send, 400, error_body("invalid_input", _("The version is not a number.")),
                                 cors)
        network = scope_address(scope)
        if len(self.readers) >= self.capacity:
            return await _answer(send, 503, error_body("rate_limited", _("Too many readers at once; "
                                                                         "try again shortly.")),
                                 [*cors, (b"retry-after", b"30")])
        wait = self.limits.admit(network)
        if wait:
            return await _answer(send, 429, error_body("rate_limited", _("Too many connections from "
                                                                         "your address.")),
                                 [*cors, (b"retry-after", str(wait).encode())])
        task = asyncio.current_task()
        self.readers[task] = None
        try:
            try:
                channel = await self.hub.join(int(match.group(1)))
            except (HubStoppingError, DatabaseError):
                return await _answer(send, 503, error_body("rate_limited", _("The server is restarting; "
                                                                             "try again shortly.")),
                                     [*cors, (b"retry-after", b"3")])
            if channel is None:
                return await _answer(send, 404, error_body("thread_not_found", _("There is no such thread.")),
                                     cors)
            try:
                if scope["method"] == "HEAD":
                    await send({"type": "http.response.start", "status": 200,
                                "headers": [*_STREAM_HEADERS, *cors]})
                    await send({"type": "http.response.body", "body": b""})
                    return
                await self._stream(task, channel, since, receive, send, cors)
            finally:
                self.hub.leave(channel)
        finally:
            self.readers.pop(task, None)
            self.limits.release(network)

    async def _stream(self, task, channel: Channel, since, receive, send, cors) -> None:
        """Send the channel's events after `since` until the reader goes or the server stops."""
        watcher = asyncio.create_task(_cancel_on_disconnect(receive, task))
        try:
            await send({"type": "http.response.start", "status": 200, "headers": [*_STREAM_HEADERS, *cors]})
            version = channel.version if since is None else since
            ready = frame("ready", json.dumps({"version": channel.version}).encode(),
                          channel.version if version == channel.version else None)
            await self._send(task, send, f"retry: {RETRY_MS}\n\n".encode() + ready)
            beat = channel.beat
            while not channel.closed:
                signal = channel.signal
                events = channel.after(version)
                sent = False
                if events is None:
                    body = json.dumps({"version": channel.version, "comment_count": channel.state.count})
                    await self._send(task, send, frame("resync", body.encode(), channel.version))
                    version, sent = channel.version, True
                elif events:
                    chunk = b"".join(data for change, data in events if not change.empty)
                    if chunk:
                        await self._send(task, send, chunk)
                        sent = True
                    version = events[-1][0].version
                if channel.beat != beat and not sent:
                    await self._send(task, send, b":\n\n")
                beat = channel.beat
                await signal.wait()
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except asyncio.CancelledError:
            # The reader went, stopped reading, or the server is stopping: nothing to answer and
            # nothing to report (the server would log a cancelled application as an error).
            pass
        finally:
            watcher.cancel()

    async def _send(self, task, send, body: bytes) -> None:
        self.readers[task] = time.monotonic()
        await send({"type": "http.response.body", "body": body, "more_body": True})
        self.readers[task] = None

    async def _stop_stuck_writes(self) -> None:
        """End the streams of readers who stopped reading: their writes wait for ever otherwise."""
        while True:
            timeout = conf.get("DISCUSSION_LIVE_SEND_TIMEOUT")
            await asyncio.sleep(min(5.0, timeout / 2))
            now = time.monotonic()
            for task, since in list(self.readers.items()):
                if since is not None and now - since > timeout:
                    task.cancel()


def live_origin_allowed(origin: str) -> bool:
    """Return whether a page of `origin` may read the live stream: the site's own addresses
    (SITE_URL, CSRF_TRUSTED_ORIGINS) and the sites in DISCUSSION_EMBED_HOSTS."""
    try:
        origin = origin_normalize(origin)
    except ValueError:
        return False
    own = set()
    for value in [getattr(settings, "SITE_URL", ""), *getattr(settings, "CSRF_TRUSTED_ORIGINS", [])]:
        with contextlib.suppress(ValueError):
            own.add(origin_normalize(value))
    return origin in own or origin in embed_origins()


async def _cancel_on_disconnect(receive, task) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            task.cancel()
            return


def _since(scope, headers) -> int | None | str:
    """Return the version the reader has: Last-Event-ID (a reconnecting browser), else ?since=."""
    value = headers.get("last-event-id")
    if value is None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        values = query.get("since")
        value = values[0] if values else None
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 18:
        return "invalid"
    return int(value)


async def _answer(send, status: int, body: dict | None, headers=()) -> None:
    data = b"" if body is None else json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"cache-control", b"no-store"),
        (b"content-length", str(len(data)).encode()), *headers]})
    await send({"type": "http.response.body", "body": data})
