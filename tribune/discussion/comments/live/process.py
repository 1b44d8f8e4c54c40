"""The live server as a child of `tribune serve`: started with the WSGI server, restarted when it
dies, stopped with it. No Django model is imported here: the command line loads it before
Django is set up."""

import logging
import os
import signal
import subprocess
import sys
import threading
import time

logger = logging.getLogger("tribune.live")


class LiveProcess:
    """`tribune live` as a child of `tribune serve`: started with it, restarted when it dies,
    stopped with it."""

    def __init__(self, bind: str):
        self.bind = bind
        self.process: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.supervisor: threading.Thread | None = None

    def start(self) -> None:
        self.supervisor = threading.Thread(target=self._supervise, name="tribune-live", daemon=True)
        self.supervisor.start()

    def stop(self) -> None:
        self.stopping.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _supervise(self) -> None:
        # The child dies with the thread that started it (PR_SET_PDEATHSIG): this thread, which
        # lives as long as the server.
        delay = 1.0
        while not self.stopping.is_set():
            started = time.monotonic()
            self.process = subprocess.Popen(  # noqa: S603 (this very program, no outside input)
                [sys.executable, "-m", "tribune.cli", "live", "--parent", str(os.getpid())],
                env={**os.environ, "LIVE_BIND": self.bind})
            status = self.process.wait()
            # Told to stop (the server's whole process group gets SIGTERM or Ctrl+C on shutdown):
            # it is not a crash, and a live server started again now would hold the shutdown up.
            if self.stopping.is_set() or status in (0, -signal.SIGTERM, -signal.SIGINT):
                return
            # Quickly again after a long life; slower when it keeps failing at start.
            delay = 1.0 if time.monotonic() - started > 60 else min(delay * 2, 30.0)
            logger.error("live: the live server stopped (status %s); restarting in %.0f s", status, delay)
            self.stopping.wait(delay)
