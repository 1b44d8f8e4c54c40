"""Read replicas against a real PostgreSQL streaming replica that the test makes for itself: a
primary cluster from initdb and a hot standby from pg_basebackup, each on a port of its own."""

import json
import time
from http.cookies import SimpleCookie

import pytest

from tribune.operations.tests.helpers import http, tribune, wait_until

from .services import PostgresPair, TribuneServer, seed_article, tribune_env

DATABASE = "tribune_site"


@pytest.fixture
def clusters():
    pair = PostgresPair().start()
    pair.create_database(DATABASE)
    yield pair
    pair.stop()


@pytest.fixture
def site(tmp_path, clusters):
    env = tribune_env(tmp_path / "site", DATABASE_URL=clusters.url(DATABASE),
                      DATABASE_REPLICA_URLS=clusters.url(DATABASE, replica=True),
                      DATABASE_REPLICA_MAX_LAG=4, PROXY_COUNT=1)
    # Migrations go to the primary alone: the replica is read-only and would refuse them.
    tribune("migrate", "--no-input", env=env)
    path, thread_id = seed_article(env)
    server = TribuneServer(env).start()
    yield server, path, thread_id
    server.stop()


def reader(address: str, cookies: SimpleCookie | None = None) -> dict:
    headers = {"X-Forwarded-For": address}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())
    return headers


def post_comment(server, thread_id: int, body: str, address: str) -> SimpleCookie:
    status, headers, answer = http(f"{server.url}/api/v1/threads/{thread_id}/comments", method="POST",
                                   data=json.dumps({"body": body, "name": "Ada"}).encode(),
                                   headers={**reader(address), "Content-Type": "application/json"})
    assert status == 201, answer
    cookies = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    return cookies


def comments_seen(server, thread_id: int, headers: dict) -> list[str]:
    status, _headers, answer = http(f"{server.url}/api/v1/threads/{thread_id}/comments?sort=oldest",
                                    headers=headers)
    assert status == 200, answer
    return [comment["body_html"] for comment in json.loads(answer)["comments"]]


def page_shows(server, path: str, text: str, headers: dict) -> bool:
    status, _headers, page = http(f"{server.url}{path}", headers=headers)
    assert status == 200, page
    return text in page


def replica_caught_up(clusters) -> bool:
    primary = clusters.primary_sql("SELECT pg_current_wal_lsn()")[0][0]
    return bool(clusters.replica_sql(f"SELECT pg_last_wal_replay_lsn() >= '{primary}'::pg_lsn")[0][0])


def test_writer_reads_own_comment_while_the_lagging_replica_serves_others_then_they_fall_back(clusters, site):
    server, path, thread_id = site
    writer, other = "203.0.113.10", "203.0.113.20"
    assert page_shows(server, path, "The river is back", reader(other))
    # A fresh transaction just replayed: the replica is close, and is read from.
    clusters.primary_sql("CREATE TABLE lag_mark (at timestamptz); INSERT INTO lag_mark VALUES (now())", DATABASE)
    wait_until(lambda: replica_caught_up(clusters), timeout=30, what="the replica to catch up")
    clusters.replica_sql("SELECT pg_wal_replay_pause()")

    pin = post_comment(server, thread_id, "Written while the replica sleeps", writer)
    assert "tribune_primary" in pin
    # The writer reads their own comment at once, from the primary: by cookie, and by address
    # for a widget on another site that sends no cookies.
    assert any("while the replica sleeps" in body for body in comments_seen(server, thread_id, reader(writer, pin)))
    assert page_shows(server, path, "while the replica sleeps", reader(writer, pin))
    assert page_shows(server, path, "while the replica sleeps", reader(writer))
    # Another reader's page comes from the paused replica: the comment is not there yet.
    assert not page_shows(server, path, "while the replica sleeps", reader(other))
    # Once the replica is further behind than DATABASE_REPLICA_MAX_LAG, reads go to the primary.
    started = time.monotonic()
    wait_until(lambda: page_shows(server, path, "while the replica sleeps", reader(other)), timeout=30,
               what="the other reader to be served from the primary")
    assert time.monotonic() - started < 15

    clusters.replica_sql("SELECT pg_wal_replay_resume()")
    wait_until(lambda: replica_caught_up(clusters), timeout=30, what="the replica to catch up")
    assert clusters.replica_sql(
        "SELECT count(*) FROM discussion_comment WHERE body LIKE '%replica sleeps%'", DATABASE) == [(1,)]


def test_replica_going_down_mid_load_costs_no_read_and_no_comment(clusters, site):
    server, path, thread_id = site
    reader_address = "203.0.113.30"
    assert page_shows(server, path, "The river is back", reader(reader_address))
    assert comments_seen(server, thread_id, reader(reader_address)) == []
    clusters.stop_replica()
    # No read fails: the first one on the dead replica runs again on the primary, the next ones
    # go there directly until the replica is back.
    for number in range(5):
        post_comment(server, thread_id, f"Posted with the replica down {number}", f"203.0.113.{40 + number}")
        # The API first: the first read after the replica died is the API's.
        bodies = comments_seen(server, thread_id, reader(reader_address))
        assert sum("with the replica down" in body for body in bodies) == number + 1
        assert page_shows(server, path, f"Posted with the replica down {number}", reader(reader_address))

    clusters.start_replica()
    wait_until(lambda: replica_caught_up(clusters), timeout=60, what="the restarted replica to catch up")
    assert clusters.replica_sql(
        "SELECT count(*) FROM discussion_comment WHERE body LIKE '%with the replica down%'", DATABASE) == [(5,)]
    # Back in use: the server opens connections to it again.
    wait_until(lambda: page_shows(server, path, "The river is back", reader(reader_address)) and clusters.replica_sql(
        f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{DATABASE}'")[0][0] > 0,  # noqa: S608
        timeout=30, what="reads to return to the replica")
