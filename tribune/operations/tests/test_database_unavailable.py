"""While the database cannot be reached, readers and the widget are told to try again (503 with
Retry-After), in the shape they read; any other error stays a 500."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down():
    error = OperationalError('connection to server at "10.0.0.5", port 5432 failed: Connection refused')
    with mock.patch.object(CursorWrapper, "execute", side_effect=error), \
            mock.patch.object(CursorWrapper, "executemany", side_effect=error):
        yield


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_an_api_call_during_a_database_outage_is_told_to_try_again(client, database_down):
    response = client.post("/api/v1/threads/1/comments", data={"body": "Hello", "name": "A"},
                           content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "service_unavailable"
    assert response.json()["number"] == 11
    # The error's own text (a host, a port) is for the log, not for the client.
    assert b"10.0.0.5" not in response.content


def test_a_page_during_a_database_outage_says_to_try_again(client, database_down):
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    assert b"try again" in response.content and b"10.0.0.5" not in response.content


def test_any_other_error_is_still_a_server_error(client):
    with mock.patch.object(CursorWrapper, "execute", side_effect=ValueError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
