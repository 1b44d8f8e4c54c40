"""A shared cache (CACHE_URL, a real Redis or Valkey server) between two `tribune serve`
processes: a page one server rendered is served by the other, and rate limits count across
both, since they live in the database."""

import json
import time
from contextlib import ExitStack

import pytest

from tribune.operations.tests.helpers import Site, http

from .services import RedisServer, TribuneServer, seed_article


@pytest.fixture
def two_servers(tmp_path):
    with ExitStack() as cleanup:
        redis = RedisServer(tmp_path / "redis").start()
        cleanup.callback(redis.stop)
        site = Site(tmp_path / "site", DJANGO_SETTINGS_MODULE="tribune.config.settings.base",
                    LOG_LEVEL="WARNING", CACHE_URL=redis.url, PROXY_COUNT=1,
                    ALLOWED_HOSTS="news.example.org,127.0.0.1")
        cleanup.callback(site.drop)
        site.tribune("migrate", "--no-input")
        path, thread_id = seed_article(site.env)
        servers = []
        # One after the other: they share the site's folder, where each collects the static files.
        for _ in range(2):
            server = TribuneServer(site.env, workers=1)
            cleanup.callback(server.stop)
            servers.append(server.start())
        yield servers, path, thread_id, redis


def test_a_page_one_server_rendered_is_served_by_the_other(two_servers):
    (first, second), path, thread_id, _redis = two_servers
    # Behind a load balancer every server sees the site's one name.
    site = {"Host": "news.example.org"}
    status, headers, page = http(f"{first.url}{path}", headers=site)
    assert status == 200 and headers["X-Tribune-Cache"] == "miss"
    status, headers, again = http(f"{second.url}{path}", headers=site)
    assert status == 200 and headers["X-Tribune-Cache"] == "hit" and "The river is back" in again
    # The all-comments answer too: the second server sends the first one's, made at its time.
    answer = f"/api/v1/threads/{thread_id}/comments/all"
    made = http(f"{first.url}{answer}")[1]["Last-Modified"]
    time.sleep(1.1)
    assert http(f"{second.url}{answer}")[1]["Last-Modified"] == made


def test_rate_limit_counts_posts_through_both_servers_as_one(two_servers):
    servers, _path, thread_id, _redis = two_servers
    # The limit counts per minute of the clock (10 posts): start early in a minute.
    if time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)
    statuses = []
    for number in range(14):
        server = servers[number % 2]
        status, _headers, _body = http(
            f"{server.url}/api/v1/threads/{thread_id}/comments", method="POST",
            data=json.dumps({"body": f"Comment number {number} from one connection", "name": "Ada"}).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": "198.51.100.7"})
        statuses.append(status)
    assert statuses.count(201) == 10 and statuses.count(429) == 4, statuses
