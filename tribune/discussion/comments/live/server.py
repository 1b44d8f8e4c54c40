"""Run the live endpoint: one asyncio process (uvicorn) beside the site's WSGI workers.

`tribune live` runs it; `tribune serve` starts that as a child process (process.py). One
process holds thousands of idle connections: each costs a socket, a coroutine and a few
kilobytes, and a change is read once per thread and written to every reader of it.
docs/architecture.md says why it is a process of its own and not the site's.
"""

import ctypes
import logging
import os
import resource
import signal
import sys

import uvicorn

from .. import conf
from .app import LiveApplication

logger = logging.getLogger("tribune.live")
# Sockets the process keeps for itself (the database, the listening socket, logs).
RESERVED_FILES = 64
PR_SET_PDEATHSIG = 1
# How much lower than the site's workers the live server runs (nice(2): 5 is about a third the CPU share).
LIVE_NICENESS = 5


def live_serve(*, bind: str, parent: int | None = None) -> int:
    """Serve the live endpoint on `bind` (host:port or unix:/path) until stopped. With `parent`,
    stop when that process (`tribune serve`) dies, however it dies."""
    if parent is not None:
        _die_with(parent)
    # Below the site's workers: when the machine is busy, a post or a page is served first and
    # the live events wait a little (they have seconds to spare; docs/benchmarks.md, live updates).
    os.nice(LIVE_NICENESS)
    files = open_files_raise()
    app = LiveApplication()
    app.capacity = min(conf.get("DISCUSSION_LIVE_MAX_CONNECTIONS"), files - RESERVED_FILES)
    options = {"uds": bind[5:]} if bind.startswith("unix:") else \
        {"host": bind.rsplit(":", 1)[0].strip("[]"), "port": int(bind.rsplit(":", 1)[1])}
    config = uvicorn.Config(
        app, **options, lifespan="on", access_log=False, log_level="warning", server_header=False,
        date_header=False, ws="none", proxy_headers=False, backlog=4096,
        timeout_graceful_shutdown=5,
    )
    _Server(config, app).run()
    return 0


class _Server(uvicorn.Server):
    """uvicorn's server, which ends every stream when it stops: it waits for responses to end,
    and a stream only ends when told (a browser reconnects to the next server)."""

    def __init__(self, config, app: LiveApplication):
        super().__init__(config)
        self.app = app

    async def shutdown(self, sockets=None) -> None:
        self.app.hub.stopping = True
        for channel in list(self.app.hub.channels.values()):
            channel.close()
        await super().shutdown(sockets)


def open_files_raise() -> int:
    """Raise this process's limit of open files to the most it may have; return the limit.

    Every connection is a file: the usual soft limit of 1,024 would refuse the thousandth reader
    while the hard limit allows far more.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard
    return soft if soft != resource.RLIM_INFINITY else 1_000_000


def _die_with(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    # The parent may have died before the line above: then this process was given to another.
    if os.getppid() != parent:
        sys.exit(0)
