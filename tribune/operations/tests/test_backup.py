"""`tribune backup` while readers post, and `tribune restore` into an empty site that then serves
the same pages; on the database kind of the test run."""

import hashlib
import json
import threading
import time

import pytest

from .helpers import Site, free_port, http, start, stop


@pytest.fixture
def sites(tmp_path):
    made = []

    def make(name, **env):
        site = Site(tmp_path / name, **env)
        made.append(site)
        return site

    yield make
    for site in made:
        site.drop()


class Poster(threading.Thread):
    """Post comments through the JSON API as fast as the server takes them, each from its own
    address (behind the site's proxy), recording every comment the server acknowledged."""

    def __init__(self, base: str, thread_id: int):
        super().__init__(daemon=True)
        self.url = f"{base}/api/v1/threads/{thread_id}/comments"
        self.acknowledged = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.failures = []

    def run(self):
        number = 0
        # Bounded: the test stops it long before, and it stops by itself in any case.
        deadline = time.monotonic() + 300
        while not self.stopping.is_set() and time.monotonic() < deadline:
            number += 1
            address = f"198.51.{100 + number // 250 % 4}.{number % 250 + 1}"
            body = json.dumps({"body": f"Posted under load, number {number}", "name": "Load"}).encode()
            status, _, text = http(self.url, data=body, method="POST", timeout=30, headers={
                "Content-Type": "application/json", "X-Forwarded-For": address})
            if status == 201:
                with self.lock:
                    self.acknowledged.append(json.loads(text)["comment"]["id"])
            else:
                self.failures.append((status, text[:200]))

    def so_far(self) -> set[int]:
        with self.lock:
            return set(self.acknowledged)

    def wait_for(self, count: int, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while len(self.so_far()) < count:
            assert time.monotonic() < deadline, f"only {len(self.so_far())} posted: {self.failures[:3]}"
            time.sleep(0.05)


def media_digests(site: Site) -> dict:
    media = site.folder / "media"
    return {p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(media.rglob("*")) if p.is_file()}


def test_a_backup_taken_while_readers_post_restores_every_acknowledged_comment(sites, tmp_path):
    port = free_port()
    origin = sites("origin", BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=2, PROXY_COUNT=1)
    origin.tribune("migrate", "-v0")
    origin.tribune("demo_load")
    ((thread_id, slug),) = origin.query(
        "SELECT t.id, a.slug FROM discussion_thread t JOIN newsroom_article a ON a.id = t.article_id")
    server = start("serve", env=origin.env)
    poster = Poster(f"http://127.0.0.1:{port}", thread_id)
    try:
        http(f"http://127.0.0.1:{port}/healthz")
        poster.start()
        poster.wait_for(20)
        acknowledged_before = poster.so_far()
        backup = origin.tribune("backup", str(tmp_path / "site.tar"))
        # The load went on while the backup ran.
        poster.wait_for(len(poster.so_far()) + 20)
    finally:
        poster.stopping.set()
        poster.join(timeout=60)
        output = stop(server)
    assert server.returncode == 0, output
    assert backup.stdout.startswith(f"Backed up the {origin.kind} database and 9 media files to ")
    assert (tmp_path / "site.tar").stat().st_mode & 0o077 == 0

    port = free_port()
    restored = sites("restored", BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=1)
    result = restored.tribune("restore", str(tmp_path / "site.tar"))
    assert result.stdout.startswith("Restored the backup of ")
    assert "System check identified no issues" in restored.tribune("check").stdout

    comments = {row[0] for row in restored.query("SELECT id FROM discussion_comment")}
    assert acknowledged_before <= comments
    assert media_digests(restored) == media_digests(origin)

    server = start("serve", env=restored.env)
    try:
        headline = "Russian Military Police Deploys In Key Town"
        for path, shows in (("/", headline), (f"/articles/{slug}/", headline), ("/feeds/rss/", headline),
                            ("/support/support-southfront/", "SouthFront")):
            status, _, page = http(f"http://127.0.0.1:{port}{path}")
            assert status == 200, (path, status)
            assert shows in page, path
        _, _, answer = http(f"http://127.0.0.1:{port}/api/v1/threads/{thread_id}/comments/all")
        shown = {comment["id"] for comment in json.loads(answer)["comments"]}
        assert acknowledged_before <= shown
        # The restored site takes new comments.
        status, _, _ = http(f"http://127.0.0.1:{port}/api/v1/threads/{thread_id}/comments", method="POST",
                            data=json.dumps({"body": "After the restore", "name": "Reader"}).encode(),
                            headers={"Content-Type": "application/json"})
        assert status == 201
    finally:
        stop(server)
