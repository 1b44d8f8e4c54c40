"""Errors reach Sentry (SENTRY_DSN) with nothing that identifies a reader; tested without a network."""

import json
import logging
from unittest import mock

import pytest
import sentry_sdk
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory, override_settings
from sentry_sdk.transport import Transport

from tribune.discussion.comments.tests.factories import thread_factory
from tribune.operations.sentry import event_scrub, sentry_start

DSN = "https://publickey@sentry.example.org/42"
EMAIL = "reader.private@example.org"
ADDRESS = "203.0.113.77"
GUEST_KEY = "gk-Zq8XvT3nLw0pRk5sYb7mUe2cHa9dJf4g"
SESSION = "sess1on-k3y-vUq9w8e7r6t5y4u3i2o1"
CSRF = "csrfT0ken4bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
LINK_TOKEN = "signedLinkToken-1234567890abcdef"


class KeptTransport(Transport):
    """A transport that keeps what it is given instead of sending it."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def sent(self) -> str:
        return "\n".join(envelope.serialize().decode() for envelope in self.envelopes)

    def events(self) -> list[dict]:
        return [item.payload.json for envelope in self.envelopes for item in envelope.items
                if item.type == "event"]


@pytest.fixture
def sentry():
    transport = KeptTransport({"dsn": DSN})
    with override_settings(SENTRY_DSN=DSN, SENTRY_ENVIRONMENT="test"):
        assert sentry_start(transport=transport)
        yield transport
    # Back to no client: nothing else in the test run reports anywhere.
    sentry_sdk.get_global_scope().set_client(None)


def test_without_a_dsn_nothing_is_started(settings):
    settings.SENTRY_DSN = ""
    assert sentry_start() is False


def test_an_error_reaches_sentry_without_the_readers_address_email_key_cookies_or_tokens(sentry, db):
    thread = thread_factory()
    factory = RequestFactory()
    factory.cookies["sessionid"] = SESSION
    factory.cookies["csrftoken"] = CSRF
    factory.cookies["tribune_guest"] = f"{GUEST_KEY}:signature"
    request = factory.post(
        f"/api/v1/threads/{thread.pk}/comments?token={LINK_TOKEN}&sort=new",
        data=json.dumps({"body": "A private thought", "name": "Private Name", "email": EMAIL}),
        content_type="application/json", REMOTE_ADDR=ADDRESS,
        headers={"X-Guest-Key": GUEST_KEY, "X-Forwarded-For": ADDRESS, "X-Real-IP": ADDRESS,
                 "X-CSRFToken": CSRF, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64)",
                 "Referer": f"https://news.example.org/discussion/subscriptions/confirm/{LINK_TOKEN}/"})
    failure = RuntimeError(f"could not store the comment of {EMAIL} from {ADDRESS} with key {GUEST_KEY}")

    def fails(**kwargs):
        logging.getLogger("tribune.discussion").warning("Posting for %s at %s", EMAIL, ADDRESS)
        raise failure

    with mock.patch("tribune.discussion.comments.api.views.comment_post", side_effect=fails):
        status = wsgi_call(request.environ)
    sentry_sdk.flush()
    assert status.startswith("500")

    events = sentry.events()
    assert len(events) == 1
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["request"]["method"] == "POST"
    assert event["request"]["url"] == f"http://testserver/api/v1/threads/{thread.pk}/comments"
    assert event["request"]["headers"]["User-Agent"].startswith("Mozilla/5.0")
    assert event["transaction"] == "/api/v1/threads/{thread_id}/comments"
    sent = sentry.sent()
    for secret in (EMAIL, ADDRESS, GUEST_KEY, SESSION, CSRF, LINK_TOKEN, "A private thought", "Private Name"):
        assert secret not in sent, secret
    # What the operator needs is still there.
    assert "could not store the comment of [Filtered] from [Filtered] with key [Filtered]" in sent
    assert "Posting for [Filtered] at [Filtered]" in sent


def wsgi_call(environ) -> str:
    """Send one request through Django's WSGI handler, as gunicorn does; return the status line."""
    statuses = []
    # As Django's test client does: the test's open transaction must survive the request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        b"".join(WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return statuses[0]


def test_signed_link_tokens_in_paths_and_messages_are_replaced(db):
    event = {
        "request": {"url": f"https://news.example.org/discussion/my-data/email/{LINK_TOKEN}/",
                    "query_string": {"token": LINK_TOKEN}, "headers": {"Host": "news.example.org"}},
        "logentry": {"message": f"Bad Request: /discussion/subscriptions/confirm/{LINK_TOKEN}/"},
        "breadcrumbs": {"values": [{"message": f"Not Found: /support/supporter/{LINK_TOKEN}/show/",
                                    "data": {"ip": "2001:db8::42", "when": "12:30:45"}}]},
        "user": {"ip_address": ADDRESS},
    }
    scrubbed = event_scrub(event, {})
    text = json.dumps(scrubbed)
    assert LINK_TOKEN not in text and "2001:db8::42" not in text and ADDRESS not in text
    assert scrubbed["request"]["url"] == "https://news.example.org/discussion/my-data/email/[Filtered]/"
    assert scrubbed["request"]["headers"] == {"Host": "news.example.org"}
    assert "user" not in scrubbed
    # A time of day is not an address.
    assert scrubbed["breadcrumbs"]["values"][0]["data"]["when"] == "12:30:45"


@pytest.mark.parametrize("dsn", ["not a dsn", "https://sentry.example.org/42", "ftp://key@host/1",
                                 "https://key@sentry.example.org/project"])
def test_a_malformed_dsn_stops_the_command_with_one_line_that_does_not_repeat_it(tmp_path, dsn):
    from .helpers import site_env, tribune

    result = tribune("check", env=site_env(tmp_path, SENTRY_DSN=dsn), check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tribune: SENTRY_DSN: expected the project's DSN")
    assert dsn not in result.stderr
