"""/healthz and /readyz: what a load balancer and the monitoring ask, and what they must never get."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from tribune.discussion.notifications.models import Delivery, Subscriber
from tribune.operations import health
from tribune.operations.heartbeat import worker_heartbeat_record

# A probe calls a process by its address, over plain HTTP, past a site configured for HTTPS.
PRODUCTION = {"ALLOWED_HOSTS": ["news.example.org"], "SECURE_SSL_REDIRECT": True,
              "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


def beat(seconds_ago: int = 0) -> None:
    worker_heartbeat_record(worker_id="worker-1", started_at=timezone.now())
    if seconds_ago:
        from tribune.operations.models import WorkerHeartbeat

        WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=seconds_ago))


def queued_email(*, minutes_ago: int) -> Delivery:
    subscriber, _ = Subscriber.objects.get_or_create(email="reader@example.org")
    delivery = Delivery.objects.create(subscriber=subscriber, kind=Delivery.Kind.CONFIRM,
                                       key=f"confirm:{minutes_ago}", reason=Delivery.Reason.CONFIRM)
    Delivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return delivery


@override_settings(**PRODUCTION)
def test_a_probe_by_address_over_plain_http_gets_an_answer_not_a_redirect_or_a_bad_host(client, db):
    beat()
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.1.2.3:8000")
        assert response.status_code == 200, (path, response.status_code)
        assert response["Content-Type"] == "application/json"
        assert "no-store" in response["Cache-Control"]


def test_healthz_says_the_process_is_up_without_asking_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_passes_when_everything_is_ready(client, db):
    beat(seconds_ago=30)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failing": [], "checks": {
        "database": "ok", "migrations": "ok", "worker": "ok", "email": "ok"}}


def test_readyz_fails_naming_the_worker_when_none_was_seen_lately(client, db):
    beat(seconds_ago=600)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"].startswith("no worker seen in the last 5 minutes")


def test_readyz_fails_naming_the_email_that_waited_too_long(client, db):
    beat()
    queued_email(minutes_ago=5)
    assert client.get("/readyz").status_code == 200
    queued_email(minutes_ago=45)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["email"]
    assert response.json()["checks"]["email"] == "1 emails have waited more than 30 minutes"


def test_readyz_fails_naming_unapplied_migrations(client, db, monkeypatch):
    beat()
    monkeypatch.setattr(health, "_migrations_applied", False)
    with mock.patch("tribune.operations.health.MigrationExecutor.migration_plan", return_value=[object()]):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
    assert "run tribune migrate" in response.json()["checks"]["migrations"]


def test_a_database_error_is_named_without_its_text_which_holds_hosts_users_and_paths(client, db):
    secret = ('connection to server at "db.internal.example" (10.9.8.7), port 5432 failed: FATAL: '
              'password authentication failed for user "tribune" (/run/postgresql/.s.PGSQL.5432)')
    with mock.patch.dict(health.READINESS_CHECKS, {"database": mock.Mock(side_effect=OperationalError(secret))}):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"] == {"database": "the database cannot be reached",
                              "migrations": health.NOT_CHECKED, "worker": health.NOT_CHECKED,
                              "email": health.NOT_CHECKED}
    text = response.content.decode()
    for leak in ("db.internal", "10.9.8.7", "tribune", "/run/postgresql", "5432", "password"):
        assert leak not in text


def test_a_load_balancer_may_ask_for_the_checks_that_concern_it(client, db):
    # No worker at all: the monitoring's concern, not a reason to stop sending readers here.
    response = client.get("/readyz?checks=database,migrations")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "migrations": "ok"}


@pytest.mark.parametrize("query", ["checks=database,secrets", "checks=", "checks=,"])
def test_an_unknown_check_is_refused_with_the_known_ones(client, db, query):
    response = client.get(f"/readyz?{query}")
    assert response.status_code == 400
    assert response.json()["known_checks"] == ["database", "migrations", "worker", "email"]


def test_health_answers_no_other_method(client, db):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


def test_the_answers_hold_no_setting_of_the_site(client, db, settings):
    settings.SECRET_KEY = "k" * 50
    beat()
    text = json.dumps([client.get("/healthz").json(), client.get("/readyz").json()])
    assert settings.SECRET_KEY not in text
    assert str(settings.DATABASES["default"]["NAME"]) not in text
