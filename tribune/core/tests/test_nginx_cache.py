"""A real nginx proxy_cache in front of `tribune serve`: anonymous answers are kept and served by
nginx, and a change reaches readers through it within a second (the worker's purge)."""

import json
import time
from contextlib import ExitStack

import pytest

from tribune.operations.tests.helpers import Site, http, start, stop, wait_until

from .services import Nginx, TribuneServer, seed_article


@pytest.fixture
def cached_site(tmp_path):
    with ExitStack() as cleanup:
        nginx = Nginx(tmp_path / "nginx", upstreams=[])
        site = Site(tmp_path / "site", DJANGO_SETTINGS_MODULE="tribune.config.settings.base",
                    LOG_LEVEL="WARNING", HTTP_CACHE_SECONDS=300, PROXY_COUNT=1,
                    HTTP_PURGE_URL=f"http://127.0.0.1:{nginx.port}{{path}}", HTTP_PURGE_TOKEN=nginx.secret)
        cleanup.callback(site.drop)
        site.tribune("migrate", "--no-input")
        server = TribuneServer(site.env)
        nginx.upstreams = [server.port]
        nginx.start()
        cleanup.callback(nginx.stop)
        cleanup.callback(server.stop)
        server.start()
        path, thread_id = seed_article(site.env)
        worker = start("worker", "--no-startup-delay", "--interval", "0.1", env=site.env)
        cleanup.callback(stop, worker)
        # The worker is up once it has sent the purges of the article just published.
        wait_until(lambda: queued_tasks(site) == 0, timeout=90, what="the worker to run the queued purges")
        yield nginx, path, thread_id


def queued_tasks(site) -> int:
    return site.query("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'")[0][0]


def through(nginx, path):
    return http(f"{nginx.url}{path}")


def test_a_new_comment_shows_through_nginx_within_a_second_and_is_cached_again(cached_site):
    nginx, page, thread_id = cached_site
    answer = f"/api/v1/threads/{thread_id}/comments/all"
    for path in (answer, page):
        through(nginx, path)
        status, headers, _body = through(nginx, path)
        assert status == 200 and headers["X-Proxy-Cache"] == "HIT", (path, headers)

    status, _headers, body = http(f"{nginx.url}/api/v1/threads/{thread_id}/comments", method="POST",
                                  data=json.dumps({"body": "Seen through the proxy", "name": "Ada"}).encode(),
                                  headers={"Content-Type": "application/json"})
    assert status == 201, body
    posted = time.monotonic()
    # Readers who never wrote, with no cookie: what they get is what nginx keeps for everyone.
    for path in (answer, page):
        while "Seen through the proxy" not in through(nginx, path)[2]:
            assert time.monotonic() - posted < 1.0, f"{path} still stale through nginx after a second"
            time.sleep(0.02)
    assert time.monotonic() - posted < 1.0
    for path in (answer, page):
        status, headers, body = through(nginx, path)
        assert headers["X-Proxy-Cache"] == "HIT" and "Seen through the proxy" in body, path


def test_nginx_never_keeps_what_is_made_for_one_reader(cached_site):
    nginx, page, thread_id = cached_site
    status, headers, body = http(f"{nginx.url}/api/v1/threads/{thread_id}/comments", method="POST",
                                 data=json.dumps({"body": "Mine alone", "name": "Ada"}).encode(),
                                 headers={"Content-Type": "application/json"})
    key = json.loads(body)["guest_key"]
    mine = f"/api/v1/threads/{thread_id}/mine"
    for _ in range(2):
        status, headers, body = http(f"{nginx.url}{mine}", headers={"X-Guest-Key": key})
        assert status == 200 and "private" in headers["Cache-Control"]
    # Someone else asking the same address gets nothing of the guest's.
    status, headers, body = http(f"{nginx.url}{mine}")
    assert json.loads(body)["comment_ids"] == [] and headers["X-Proxy-Cache"] != "HIT"
