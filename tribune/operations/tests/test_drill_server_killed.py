"""Drill: the server is killed (SIGKILL, as the kernel's out-of-memory killer does) while
readers post; once started again, every comment it acknowledged is there, and it takes new ones.
On the database kind of the test run."""

import json
import os
import signal

import pytest

from .helpers import Poster, Site, free_port, http, start, stop, wait_until

pytestmark = pytest.mark.drill


def test_every_acknowledged_comment_survives_the_server_killed_under_load(tmp_path):
    port = free_port()
    site = Site(tmp_path / "site", BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=2, PROXY_COUNT=1,
                LOG_LEVEL="WARNING")
    base = f"http://127.0.0.1:{port}"
    try:
        site.tribune("migrate", "-v0")
        site.tribune("demo_load")
        thread_id = site.query("SELECT id FROM discussion_thread")[0][0]
        server = start("serve", env=site.env)
        posters = [Poster(base, thread_id, patient=False, timeout=10) for _ in range(3)]
        try:
            assert http(f"{base}/readyz?checks=database,migrations", timeout=120)[0] == 200
            for poster in posters:
                poster.start()
            for poster in posters:
                poster.wait_for(20)
            # Killed with requests in flight: no chance to finish them, close or clean up.
            os.killpg(server.pid, signal.SIGKILL)
            for poster in posters:
                wait_until(lambda poster=poster: any(status is None for status, _ in poster.answers),
                           timeout=30, what="a post the killed server never answered")
        finally:
            for poster in posters:
                poster.finish()
            stop(server)
        acknowledged = set().union(*(poster.so_far() for poster in posters))
        assert len(acknowledged) >= 60

        server = start("serve", env=site.env)
        try:
            assert http(f"{base}/readyz?checks=database,migrations", timeout=120)[0] == 200
            # Readers see every one of them.
            status, _, page = http(f"{base}/api/v1/threads/{thread_id}/comments/all")
            assert status == 200
            shown = {comment["id"] for comment in json.loads(page)["comments"]}
            assert acknowledged - shown == set()
            # And the server takes new comments at once.
            after = Poster(base, thread_id, patient=False, timeout=10)
            after.start()
            try:
                after.wait_for(5, timeout=30)
            finally:
                after.finish()
        finally:
            output = stop(server)
        assert "Traceback" not in output, output[-3000:]
        if site.kind == "sqlite":
            assert site.query("PRAGMA integrity_check") == [("ok",)]
        check = site.tribune("check", check=False)
        assert check.returncode == 0, check.stderr
    finally:
        site.drop()
