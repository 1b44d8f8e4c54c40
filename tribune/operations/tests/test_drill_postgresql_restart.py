"""Drill: PostgreSQL restarts while readers post, the server serves and the worker sends emails.

The drill runs its own PostgreSQL cluster (tests/postgres.py), whatever database the test run
uses, so that restarting it disturbs no one else.
"""

import time

import pytest

from .drills import (
    FOLLOWERS,
    MailServer,
    thread_with_followers,
    visible_comments_posted,
    wait_for_every_email,
)
from .helpers import Poster, Site, free_port, http, start, stop, wait_until
from .postgres import PostgresCluster

pytestmark = pytest.mark.drill

# How long a request may take, at worst, while the database restarts: an answer (an error
# included) well within the server's own timeout, never a request left waiting.
ANSWER_WITHIN = 10


@pytest.fixture
def cluster():
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture
def mail():
    server = MailServer()
    yield server
    server.stop()


def test_a_postgresql_restart_leaves_no_request_hanging_and_no_email_lost_or_sent_twice(
        tmp_path, cluster, mail):
    port = free_port()
    site = Site(tmp_path / "site", postgres=cluster.url("postgres"), BIND=f"127.0.0.1:{port}",
                WEB_CONCURRENCY=2, PROXY_COUNT=1, EMAIL_URL=mail.url, LOG_LEVEL="WARNING")
    thread_id = thread_with_followers(site)
    base = f"http://127.0.0.1:{port}"
    server = start("serve", env=site.env)
    worker = start("worker", "--no-startup-delay", "--interval", "0.2", env=site.env)
    poster = Poster(base, thread_id, patient=False, timeout=ANSWER_WITHIN + 20)
    try:
        drill(site, cluster, mail, poster, base, worker)
    finally:
        poster.finish()
        server_output = stop(server)
        worker_output = stop(worker)

    hanging = [(status, round(seconds, 1)) for status, seconds in poster.answers
               if status is None or seconds > ANSWER_WITHIN]
    assert not hanging, f"requests without an answer in {ANSWER_WITHIN} s: {hanging}\n{server_output[-3000:]}"
    # Posts the outage turned away were told so plainly (the database is down, try again).
    refused = {status for status, _ in poster.answers if status != 201}
    assert refused <= {503}, f"{refused}: {poster.failures[:5]}\n{server_output[-3000:]}"
    assert server.returncode == 0, server_output[-3000:]
    assert "Traceback" not in worker_output, worker_output[-3000:]


def drill(site, cluster, mail, poster, base, worker):
    """Restart PostgreSQL under the poster's load; check what readers and followers got."""
    assert http(f"{base}/readyz?checks=database,migrations,worker", timeout=120)[0] == 200
    try:
        poster.start()
        poster.wait_for(15)
        wait_until(lambda: mail.inbox.messages, what="the first email")

        cluster.stop("fast")
        outage_began = time.monotonic()
        # While the database is down the site says so at once, and readers' posts are answered.
        status, _, body = http(f"{base}/readyz?checks=database")
        assert status == 503 and '"database"' in body
        wait_until(lambda: any(status != 201 for status, _ in poster.answers), timeout=30,
                   what="a post during the outage")
        time.sleep(max(0.0, outage_began + 3 - time.monotonic()))
        cluster.start()

        # Both come back by themselves: the server serves and takes comments, the worker sends.
        wait_until(lambda: http(f"{base}/readyz?checks=database")[0] == 200, timeout=30,
                   what="the server to reach the restarted database")
        acknowledged_at_restart = len(poster.so_far())
        poster.wait_for(acknowledged_at_restart + 15, timeout=60)
    finally:
        poster.finish()

    comments = visible_comments_posted(site)
    stored = {row[0] for row in site.query("SELECT id FROM discussion_comment")}
    assert poster.so_far() <= stored
    received = wait_for_every_email(mail, comments, timeout=60)
    # A moment for any duplicate to arrive before the count.
    time.sleep(2)
    received = mail.received()
    twice = {pair: count for pair, count in received.items() if count > 1}
    assert not twice, f"sent more than once: {twice}"
    assert set(received) == {(address, c) for address in FOLLOWERS for c in comments}
    assert site.query("SELECT state, COUNT(*) FROM notifications_delivery GROUP BY state") == [
        ("sent", len(comments) * len(FOLLOWERS))]
    # The worker recorded its heartbeat again after the restart: still running, not merely alive.
    assert worker.poll() is None, "the worker stopped with the database"
    assert http(f"{base}/readyz")[0] == 200
