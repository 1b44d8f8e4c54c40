"""Metrics for Prometheus: counted where the services act, read from the database where it holds
the truth, and shown only to the monitoring."""

from datetime import timedelta
from io import BytesIO
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from tribune.discussion.comments.services import comment_post, vote_cast
from tribune.discussion.comments.services.comments import CommentRejectedError
from tribune.discussion.comments.tests.factories import guest_reader, moderator_factory, thread_factory
from tribune.discussion.moderation.models import WordRule
from tribune.discussion.moderation.services.decisions import comment_reject, comment_report
from tribune.discussion.notifications.models import Delivery, Subscriber
from tribune.donations.services import ledger_entry_record
from tribune.donations.tests.factories import campaign_factory
from tribune.operations.metrics.requests import RequestMetrics

TOKEN = "t" * 40
ON = {"METRICS_TOKEN": TOKEN, "OPERATIONS_METRICS_DATABASE_MAX_AGE": timedelta(0)}


def scrape(client) -> dict:
    """Return {(name, frozenset(labels)): value} of every sample the metrics show."""
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_metrics_are_off_by_default(client, db):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@override_settings(**ON)
@pytest.mark.parametrize("headers", [
    {}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": f"Bearer {TOKEN[:-1]}"},
    {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"}, {"HTTP_AUTHORIZATION": TOKEN},
])
def test_without_the_token_nobody_reads_the_metrics(client, db, headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 401
    assert b"tribune_" not in response.content
    assert response["WWW-Authenticate"].startswith("Bearer")


@override_settings(**ON)
def test_the_token_in_the_address_is_not_accepted(client, db):
    # A token in a URL ends up in proxies' logs and browsers' histories.
    assert client.get(f"/metrics?token={TOKEN}").status_code == 401


@override_settings(**ON)
def test_comments_votes_reports_decisions_and_ledger_entries_are_counted_once_committed(
        client, db, django_capture_on_commit_callbacks):
    before = scrape(client)
    thread = thread_factory()
    WordRule.objects.create(phrase="vermin", kind=WordRule.Kind.BANNED)
    WordRule.objects.create(phrase="terrorists", kind=WordRule.Kind.SUSPECT)
    with django_capture_on_commit_callbacks(execute=True):
        shown = comment_post(thread=thread, body="The river is back", reader=guest_reader())
        comment_post(thread=thread, body="They are all terrorists", reader=guest_reader())
        with pytest.raises(CommentRejectedError):
            comment_post(thread=thread, body="Vermin", reader=guest_reader())
        vote_cast(comment=shown, reader=guest_reader(), value=1)
        vote_cast(comment=shown, reader=guest_reader(), value=-1)
        comment_report(comment=shown, reader=guest_reader(), reason="spam")
        comment_reject(comment=shown, moderator=moderator_factory())
        campaign = campaign_factory()
        ledger_entry_record(campaign=campaign, kind="gift", amount_minor=500, currency=campaign.currency,
                            reference="evt_1")
        ledger_entry_record(campaign=campaign, kind="gift", amount_minor=500, currency=campaign.currency,
                            reference="evt_1")
        ledger_entry_record(campaign=campaign, kind="gift", amount_minor=700, currency=campaign.currency,
                            reference="evt_2", is_test=True)
    after = scrape(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("tribune_comments_total", outcome="posted") == 1
    assert grew("tribune_comments_total", outcome="held") == 1
    assert grew("tribune_comments_total", outcome="refused") == 1
    assert grew("tribune_votes_total", value="up") == 1
    assert grew("tribune_votes_total", value="down") == 1
    assert grew("tribune_reports_total", counted="true") == 1
    assert grew("tribune_moderation_decisions_total", action="reject") == 1
    # The same payment event twice is one entry.
    assert grew("tribune_ledger_entries_total", kind="gift", test="false") == 1
    assert grew("tribune_ledger_entries_total", kind="gift", test="true") == 1


@override_settings(**ON)
def test_a_rolled_back_comment_is_not_counted(client, db, django_capture_on_commit_callbacks):
    before = value(scrape(client), "tribune_comments_total", outcome="posted")
    with django_capture_on_commit_callbacks(execute=False):
        comment_post(thread=thread_factory(), body="Never committed", reader=guest_reader())
    assert value(scrape(client), "tribune_comments_total", outcome="posted") == before


@override_settings(**ON)
def test_the_outbox_the_task_queue_and_the_worker_are_read_from_the_database(client, db):
    subscriber = Subscriber.objects.create(email="reader@example.org")
    for number, state in enumerate(["queued", "queued", "sent", "failed"]):
        Delivery.objects.create(subscriber=subscriber, kind=Delivery.Kind.CONFIRM, key=f"confirm:{number}",
                                reason=Delivery.Reason.CONFIRM, state=state)
    Delivery.objects.filter(state="queued").update(created_at=timezone.now() - timedelta(minutes=10))
    never = get_date_max()
    for minutes, run_after in ((3, never), (1, never), (0, timezone.now() + timedelta(hours=1))):
        row = DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="x.y",
                                          backend_name="default", run_after=run_after)
        DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=timezone.now() - timedelta(minutes=minutes))
    samples = scrape(client)

    assert value(samples, "tribune_database_up") == 1
    assert value(samples, "tribune_emails", state="queued") == 2
    assert value(samples, "tribune_emails", state="sent") == 1
    assert value(samples, "tribune_emails", state="failed") == 1
    assert 590 < value(samples, "tribune_email_oldest_waiting_seconds") < 700
    # The task scheduled for later is not due.
    assert value(samples, "tribune_tasks_due", queue="default") == 2
    assert 170 < value(samples, "tribune_task_oldest_due_seconds", queue="default") < 300
    assert value(samples, "tribune_worker_last_seen_seconds") == float("inf")


def call(application, path: str, method: str = "GET") -> str:
    """Send one request through `application` as gunicorn would; return the status line."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "wsgi.input": BytesIO()}
    setup_testing_defaults(environ)
    statuses = []
    # As Django's test client does: the test's open transaction must survive the request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return statuses[0]


@override_settings(**ON)
def test_requests_are_counted_by_route_never_by_the_path_a_client_chose(client, db):
    application = RequestMetrics(WSGIHandler())
    before = scrape(client)
    assert call(application, "/articles/my-secret-slug-4242/").startswith("404")
    call(application, "/discussion/subscriptions/confirm/TOKEN-abcdef123456/")
    assert call(application, "/no/such/page-9999/", method="BREW").startswith("4")
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    after = scrape(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("tribune_http_requests_total", route="newsroom:article", method="GET", status="404") == 1
    assert grew("tribune_http_requests_total", route="unmatched", method="other", status="404") == 1
    assert grew("tribune_http_request_duration_seconds_count", route="newsroom:article", method="GET") == 1
    assert grew("tribune_http_requests_total", route="notifications:subscription_confirm", method="GET",
                status="400") == 1
    for chosen in ("my-secret-slug", "TOKEN-abcdef", "page-9999", "BREW"):
        assert chosen not in text
