"""Drill: the mail server is down for a while as readers post; once it is back, every email
goes out, each once. On the database kind of the test run."""

import time

import pytest

from .drills import (
    FOLLOWERS,
    MailServer,
    thread_with_followers,
    visible_comments_posted,
    wait_for_every_email,
)
from .helpers import Site, free_port, http, start, stop, wait_until

pytestmark = pytest.mark.drill


@pytest.fixture
def mail():
    server = MailServer()
    yield server
    server.stop()


@pytest.fixture
def site(tmp_path, mail):
    port = free_port()
    site = Site(tmp_path / "site", BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=1, PROXY_COUNT=1,
                EMAIL_URL=mail.url, LOG_LEVEL="WARNING",
                DJANGO_SETTINGS_MODULE="tribune.operations.tests.drill_settings")
    site.base = f"http://127.0.0.1:{port}"
    yield site
    site.drop()


def post(site, thread_id, number):
    status, _, body = http(f"{site.base}/api/v1/threads/{thread_id}/comments", method="POST",
                           data=f'{{"body": "Posted under load, number {number}", "name": "Load"}}'.encode(),
                           headers={"Content-Type": "application/json",
                                    "X-Forwarded-For": f"198.51.100.{number}"})
    assert status == 201, body


def test_every_email_goes_out_once_after_the_mail_server_comes_back(site, mail):
    thread_id = thread_with_followers(site)
    server = start("serve", env=site.env)
    worker = start("worker", "--no-startup-delay", "--interval", "0.2", env=site.env)
    try:
        assert http(f"{site.base}/readyz?checks=database,migrations,worker", timeout=120)[0] == 200
        for number in range(1, 4):
            post(site, thread_id, number)
        wait_for_every_email(mail, visible_comments_posted(site), timeout=60)

        mail.stop()
        for number in range(4, 14):
            post(site, thread_id, number)
        # The worker tried each of them and was turned away, more than once.
        wait_until(lambda: site.query(
            "SELECT COUNT(*) FROM notifications_delivery WHERE attempts >= 2 AND state = 'queued'"
        )[0][0] == 10 * len(FOLLOWERS), timeout=90, what="every email to be tried twice")
        assert len(mail.inbox.messages) == 3 * len(FOLLOWERS)

        mail.start()
        comments = visible_comments_posted(site)
        assert len(comments) == 13
        wait_for_every_email(mail, comments, timeout=60)
        # A moment for any second copy to arrive before the count.
        time.sleep(2)
        received = mail.received()
        assert {pair: count for pair, count in received.items() if count > 1} == {}
        assert set(received) == {(address, c) for address in FOLLOWERS for c in comments}
        assert site.query("SELECT state, COUNT(*) FROM notifications_delivery GROUP BY state") == [
            ("sent", 13 * len(FOLLOWERS))]
    finally:
        server_output = stop(server)
        worker_output = stop(worker)
    assert "Traceback" not in worker_output, worker_output[-3000:]
    assert "Traceback" not in server_output, server_output[-3000:]
