"""The live server's memory: the threads its readers watch, their recent events, and who listens.

One `Channel` per watched thread holds the thread's last picture (changes.ThreadState), the
events sent since (each a finished SSE frame, built once) and an asyncio.Event that wakes the
thread's readers. A reader keeps only the version it has reached: on waking it sends the frames
after it, so a slow reader never holds up the others, and one that fell behind the history is
told to catch up from the API. Changes are read at most once per DISCUSSION_LIVE_INTERVAL per
thread: a burst of posts becomes one event.

All database work runs on one thread of its own (`Database`), one connection, so the event loop
never waits on a query.
"""

import asyncio
import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.db import DatabaseError, close_old_connections, connection

from .. import conf
from .changes import Change, ThreadState, thread_change, thread_state

logger = logging.getLogger("tribune.live")


class Database:
    """Run synchronous ORM work on one thread, away from the event loop."""

    def __init__(self):
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tribune-live-db")

    async def run(self, function, /, **kwargs):
        return await asyncio.get_running_loop().run_in_executor(self.executor, _fresh, function, kwargs)

    def close(self):
        self.executor.submit(connection.close)
        self.executor.shutdown(wait=True)


def _fresh(function, kwargs):
    # Outside requests nothing closes a broken or expired connection: do it before each use, and
    # after a failure so that the next one opens a new one (the database restarted).
    close_old_connections()
    try:
        return function(**kwargs)
    except DatabaseError:
        connection.close()
        raise


def frame(event: str, data: bytes, version: int | None = None) -> bytes:
    """Return one Server-Sent Events frame; `version` becomes its id (Last-Event-ID on reconnect)."""
    head = f"id: {version}\n" if version is not None else ""
    return f"{head}event: {event}\n".encode() + b"data: " + data + b"\n\n"


class Channel:
    """One watched thread: its picture, its recent events, its readers' wake-up call."""

    def __init__(self, thread_id: int):
        self.thread_id = thread_id
        self.state: ThreadState | None = None
        self.loaded = asyncio.get_running_loop().create_future()
        self.history: deque[tuple[Change, bytes]] = deque(maxlen=conf.get("DISCUSSION_LIVE_HISTORY"))
        self.signal = asyncio.Event()
        self.readers = 0
        self.idle_since = time.monotonic()
        # Heartbeats so far: a reader who sent nothing since the last one sends a comment line.
        self.beat = 0
        self.stale = False
        self.refreshing: asyncio.Task | None = None
        self.last_refresh = 0.0
        self.closed = False

    @property
    def version(self) -> int:
        return self.state.version if self.state else 0

    def after(self, version: int) -> list[tuple[Change, bytes]] | None:
        """Return the events after `version`, or None when some of them are no longer here (the
        reader must catch up from the API)."""
        if version == self.version:
            return []
        if version > self.version:
            # Ahead of the server: a database restored from a backup, or a made-up id.
            return None
        events = [entry for entry in self.history if entry[0].version > version]
        if not events or events[0][0].before > version:
            return None
        return events

    def publish(self, change: Change) -> None:
        self.history.append((change, frame("change", change.data, change.version)))
        self.wake()

    def wake(self) -> None:
        signal, self.signal = self.signal, asyncio.Event()
        signal.set()

    def close(self) -> None:
        self.closed = True
        self.wake()


class HubStoppingError(Exception):
    """The server is stopping: it takes no new reader."""


class Hub:
    """Every channel of this process, their refreshes, heartbeats and idle threads' end."""

    def __init__(self, database: Database | None = None):
        self.database = database or Database()
        self.channels: dict[int, Channel] = {}
        self.tasks: list[asyncio.Task] = []
        # Set when the server stops: no thread is watched any more.
        self.stopping = False

    def start(self) -> None:
        self.tasks = [asyncio.create_task(self._heartbeats()), asyncio.create_task(self._forget_idle())]

    async def stop(self) -> None:
        self.stopping = True
        for channel in list(self.channels.values()):
            channel.close()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.tasks = []

    async def join(self, thread_id: int) -> Channel | None:
        """Return the channel of a thread readers may see, watching it from now on; None when
        there is no such thread. The caller must call leave() when its reader goes. Raises
        HubStoppingError once the server is stopping."""
        if self.stopping:
            raise HubStoppingError(thread_id)
        channel = self.channels.get(thread_id)
        if channel is None or channel.closed:
            channel = Channel(thread_id)
            self.channels[thread_id] = channel
            try:
                channel.state = await self.database.run(thread_state, thread_id=thread_id)
            except BaseException as exc:
                self._drop(channel)
                channel.loaded.set_exception(exc)
                channel.loaded.exception()  # retrieved: no "never retrieved" warning
                raise
            channel.loaded.set_result(channel.state)
            if channel.state is None:
                self._drop(channel)
                return None
        elif not channel.loaded.done() and await asyncio.shield(channel.loaded) is None:
            return None
        channel.readers += 1
        return channel

    def leave(self, channel: Channel) -> None:
        channel.readers -= 1
        if channel.readers <= 0:
            channel.idle_since = time.monotonic()

    def watched(self) -> dict[int, int]:
        """Return the version this process knows of each watched thread."""
        return {pk: channel.version for pk, channel in self.channels.items() if channel.state is not None}

    def changed(self, thread_id: int) -> None:
        """Note that a thread changed: its channel reads the change within the interval."""
        channel = self.channels.get(thread_id)
        if channel is None or channel.state is None or channel.closed:
            return
        channel.stale = True
        if channel.refreshing is None:
            channel.refreshing = asyncio.create_task(self._refresh(channel))

    def changed_all(self) -> None:
        for thread_id in list(self.channels):
            self.changed(thread_id)

    async def _refresh(self, channel: Channel) -> None:
        loop = asyncio.get_running_loop()
        interval = conf.get("DISCUSSION_LIVE_INTERVAL")
        failures = 0
        try:
            while channel.stale and not channel.closed:
                wait = channel.last_refresh + interval * (2 ** min(failures, 5)) - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                channel.stale = False
                channel.last_refresh = loop.time()
                try:
                    after, change = await self.database.run(
                        _read_change, before=channel.state,
                        most=conf.get("DISCUSSION_LIVE_EVENT_COMMENTS"))
                except DatabaseError:
                    logger.exception("live: reading thread %s failed", channel.thread_id)
                    failures += 1
                    channel.stale = True
                    continue
                failures = 0
                if after is None:
                    # Deleted, or its article unpublished: its readers are told nothing more.
                    self._drop(channel)
                    channel.close()
                    return
                if change is None:
                    continue
                channel.state = after
                channel.publish(change)
        finally:
            channel.refreshing = None

    async def _heartbeats(self) -> None:
        while True:
            await asyncio.sleep(conf.get("DISCUSSION_LIVE_HEARTBEAT"))
            for channel in list(self.channels.values()):
                if channel.readers:
                    channel.beat += 1
                    channel.wake()

    async def _forget_idle(self) -> None:
        while True:
            linger = conf.get("DISCUSSION_LIVE_LINGER")
            await asyncio.sleep(max(1.0, linger / 4))
            now = time.monotonic()
            for channel in list(self.channels.values()):
                if channel.readers <= 0 and now - channel.idle_since > linger and channel.refreshing is None:
                    self._drop(channel)

    def _drop(self, channel: Channel) -> None:
        if self.channels.get(channel.thread_id) is channel:
            del self.channels[channel.thread_id]


def _read_change(*, before: ThreadState, most: int) -> tuple[ThreadState | None, Change | None]:
    """Return the thread's new picture and what changed since `before` (None: nothing did)."""
    after = thread_state(thread_id=before.thread_id)
    if after is None:
        return None, None
    if after.version == before.version and after.created_at == before.created_at:
        return after, None
    if after.created_at != before.created_at:
        # Another thread under the same id (a database emptied or restored): nothing compares.
        before = ThreadState(thread_id=before.thread_id, created_at=after.created_at, version=0)
    return after, thread_change(before=before, after=after, most=most)
