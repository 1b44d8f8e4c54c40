"""`tribune backup` while readers post, and `tribune restore` into an empty site that then serves
the same pages; on the database kind of the test run."""

import hashlib
import json

import pytest

from .helpers import Poster, Site, free_port, http, start, stop


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
