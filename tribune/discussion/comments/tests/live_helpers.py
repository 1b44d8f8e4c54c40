"""A real live server for tests (`tribune live` in a process of its own, on the test database)
and a small Server-Sent Events reader."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """Return DATABASE_URL for the test database the suite is using now."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    return (f"postgres://{config['USER']}:{config['PASSWORD']}@{config['HOST'] or '127.0.0.1'}:"
            f"{config['PORT'] or 5432}/{config['NAME']}")


class LiveStream:
    """`tribune live` on 127.0.0.1, reading the test database; stop() and start() again to
    restart it on the same port, as a deploy or a crash would."""

    def __init__(self, *, site_url: str = "http://testserver", embed_hosts: tuple = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/live/"
        self.origin = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")},
            "DJANGO_SETTINGS_MODULE": "tribune.discussion.comments.tests.live_settings",
            "DATABASE_URL": database_url(),
            "LIVE_BIND": f"127.0.0.1:{self.port}",
            "SITE_URL": site_url,
            "DISCUSSION_EMBED_HOSTS": ",".join(embed_hosts),
            "LOG_LEVEL": "WARNING",
        }
        self.process = None

    def start(self) -> "LiveStream":
        # --parent: the server dies with this process, even when a timeout kills the suite.
        self.process = subprocess.Popen([sys.executable, "-m", "tribune.cli", "live", "--parent", str(os.getpid())],
                                        env=self.env,
                                        start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tribune live exited with status {self.process.returncode}")
            try:
                status, _ = get(self.origin + "/live/health")
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("tribune live did not answer within 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process = None

    def stream(self, thread_id: int, *, since=None, headers=None, source: str = "") -> "EventReader":
        """Open a stream; `source` (127.0.0.2, ...) connects from another loopback address."""
        path = f"/live/threads/{thread_id}" + (f"?since={since}" if since is not None else "")
        return EventReader(self.origin + path, headers=headers, source=source)


def get(url: str, headers=None, method="GET") -> tuple[int, dict]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {"headers": dict(response.getheaders()), "body": body}
    finally:
        conn.close()


class EventReader:
    """One open stream: its status and headers, then its events one by one."""

    def __init__(self, url: str, headers=None, source: str = ""):
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10,
                                               source_address=(source, 0) if source else None)
        self.conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                          headers={"Accept": "text/event-stream", **(headers or {})})
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.headers = {k.lower(): v for k, v in self.response.getheaders()}
        self.comments = 0

    def next(self, timeout: float = 10.0) -> dict:
        """Return the next event ({"event", "id", "data"}; data parsed as JSON), counting comment
        lines (heartbeats) on the way. Raises TimeoutError when none comes in time."""
        # Heartbeats keep the socket busy: the deadline bounds the whole wait, not each line.
        deadline = time.monotonic() + timeout
        event = {"event": "message", "id": None, "data": ""}
        lines = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no event in time")
            self.conn.sock.settimeout(left)
            try:
                raw = self.response.readline()
            except TimeoutError:
                raise TimeoutError("no event in time") from None
            if not raw:
                raise EOFError("the stream ended")
            line = raw.decode().rstrip("\n")
            if line.startswith(":"):
                self.comments += 1
                continue
            if line == "":
                if lines:
                    break
                continue
            lines.append(line)
        for line in lines:
            field, _, value = line.partition(": ")
            if field == "data":
                event["data"] += value
            elif field in ("event", "id"):
                event[field] = value
        if event["data"]:
            event["data"] = json.loads(event["data"])
        return event

    def wait_for(self, kind: str, timeout: float = 10.0, where=lambda event: True) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {kind} event in time")
            event = self.next(timeout=left)
            if event["event"] == kind and where(event):
                return event

    def close(self) -> None:
        self.conn.close()
