"""A reader who stops reading costs the live server a bounded amount of memory, then nothing: the
ASGI application driven directly, its socket played by a `send` that never returns."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from tribune.discussion.comments.live.app import LiveApplication
from tribune.discussion.comments.live.changes import Change, ThreadState
from tribune.discussion.comments.live.hub import Channel


class OneChannelHub:
    """The hub's part the endpoint uses, for one thread already read."""

    stopping = False

    def __init__(self, channel):
        self.channel = channel

    async def join(self, thread_id):
        self.channel.readers += 1
        return self.channel

    def leave(self, channel):
        channel.readers -= 1


SCOPE = {"type": "http", "method": "GET", "path": "/live/threads/7", "query_string": b"", "headers": [],
         "client": ("198.51.100.7", 50000)}


def test_a_reader_who_stops_reading_is_let_go_and_holds_nothing(settings):
    settings.DISCUSSION_LIVE_SEND_TIMEOUT = 0.4
    settings.DISCUSSION_LIVE_HISTORY = 5

    async def scenario():
        channel = Channel(7)
        channel.state = ThreadState(thread_id=7, created_at=None, version=0)
        app = LiveApplication(hub=OneChannelHub(channel))
        stuck = asyncio.Event()
        written = []

        async def send(message):
            written.append(message)
            if message.get("more_body") and len(written) > 2:
                # The reader's socket is full: this write never completes.
                stuck.set()
                await asyncio.Future()

        async def receive():
            await asyncio.Future()  # the reader never says it left

        guard = asyncio.create_task(app._stop_stuck_writes())
        reader = asyncio.create_task(app._http(dict(SCOPE), receive, send))
        try:
            while channel.readers == 0:
                await asyncio.sleep(0.01)
            # The thread keeps changing, a large event after another, while the reader is stuck.
            for version in range(1, 50):
                channel.state = ThreadState(thread_id=7, created_at=None, version=version)
                channel.publish(Change(before=version - 1, version=version, data=b'{"x":"' + b"y" * 10_000 + b'"}'))
                await asyncio.sleep(0.005)
            await asyncio.wait_for(stuck.wait(), 5)
            await asyncio.wait_for(reader, 5)
        finally:
            guard.cancel()
            reader.cancel()
        return app, channel, written

    # A thread of its own: a browser test earlier in the session leaves Playwright's loop running here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        app, channel, written = pool.submit(lambda: asyncio.run(scenario())).result()
    # Let go: no reader, no open connection counted against its address.
    assert app.readers == {} and app.limits.open == {} and channel.readers == 0
    # What the thread kept meanwhile is bounded by its history, not by the reader's lag.
    assert len(channel.history) == 5
    # It was never sent more than one write past what its socket took.
    assert len(written) == 3
