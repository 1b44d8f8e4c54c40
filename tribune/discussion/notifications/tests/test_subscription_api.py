"""Following a thread through the API (POST /api/v1/threads/{id}/subscriptions), as the comment
form's "Notify me of" choices do once the page's script has posted the comment."""

import json

import pytest
from django.test import Client, override_settings

from tribune.discussion.comments.tests.factories import thread_factory, user_factory
from tribune.discussion.notifications.models import Subscription
from tribune.discussion.notifications.tests.helpers import body_text, header

pytestmark = pytest.mark.django_db(transaction=True)

OWN_PAGE = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


def subscribe(client, thread_id, data, **headers):
    """Send a subscription as the page's script does, or with the browser's `headers` instead."""
    return client.post(f"/api/v1/threads/{thread_id}/subscriptions", data=json.dumps(data),
                       content_type="application/json", headers=headers or OWN_PAGE)


def test_a_guest_follows_a_thread_once_they_confirm_their_address(client, smtp, thread):
    answer = subscribe(client, thread.pk, {"kinds": ["replies", "thread"], "cadence": "daily",
                                           "email": "Ada@Example.org"})
    assert answer.status_code == 201
    assert answer.json() == {"thread_id": thread.pk, "kinds": ["replies", "thread"], "cadence": "daily",
                             "pending": True}
    [request] = smtp.wait_for(1)
    assert header(request, "To") == "ada@example.org" and "/confirm/" in body_text(request)
    rows = Subscription.objects.order_by("kind")
    assert [(s.kind, s.cadence, s.confirmed_at) for s in rows] == [("replies", "daily", None),
                                                                    ("thread", "daily", None)]


def test_a_signed_in_reader_follows_at_once_with_the_csrf_token(smtp, thread):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user_factory(email="member@example.org"))
    token = str(browser.get(thread.article.get_absolute_url()).context["csrf_token"])
    refused = subscribe(browser, thread.pk, {"kinds": ["thread"]})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    answer = subscribe(browser, thread.pk, {"kinds": ["thread"], "email": "someone.else@example.org"},
                       **OWN_PAGE, **{"X-CSRFToken": token})
    assert answer.status_code == 201 and answer.json()["pending"] is False
    # Their account's address, whatever the request said; no confirmation email.
    assert Subscription.objects.get().subscriber.email == "member@example.org"
    assert smtp.messages == []


def test_another_sites_page_cannot_subscribe_its_visitors_or_strangers(client, smtp, thread):
    for headers in ({"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
                    {"Origin": "https://comments.testserver", "Sec-Fetch-Site": "same-site"}):
        refused = subscribe(client, thread.pk, {"kinds": ["thread"], "email": "victim@example.org"}, **headers)
        assert refused.status_code == 403 and refused.json()["code"] == "cross_site_refused"
    form = client.post(f"/api/v1/threads/{thread.pk}/subscriptions", data="kinds=thread&email=victim@example.org",
                       content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415
    assert not Subscription.objects.exists() and smtp.messages == []


@pytest.mark.parametrize(("data", "status", "code"), [
    ({"kinds": ["thread"]}, 400, "subscription_email_required"),
    ({"kinds": ["thread"], "email": "not an address"}, 400, "subscription_email_invalid"),
    ({"kinds": []}, 422, "invalid_input"),
    ({"kinds": ["everything"], "email": "a@example.org"}, 422, "invalid_input"),
    ({"kinds": ["thread"], "cadence": "hourly", "email": "a@example.org"}, 422, "invalid_input"),
    ({"kinds": ["thread", "thread", "thread"], "email": "a@example.org"}, 422, "invalid_input"),
    ({"kinds": "thread", "email": "a@example.org"}, 422, "invalid_input"),
    ({"kinds": ["thread"], "email": "a\x00@example.org"}, 422, "invalid_input"),
])
def test_bad_choices_are_refused_with_a_numbered_code(client, thread, data, status, code):
    answer = subscribe(client, thread.pk, data)
    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert answer.json()["number"] > 0
    assert not Subscription.objects.exists()


def test_no_subscription_to_a_missing_thread_or_a_drafts(client):
    draft = thread_factory(status="draft")
    for thread_id in (draft.pk, draft.pk + 1000):
        answer = subscribe(client, thread_id, {"kinds": ["thread"], "email": "a@example.org"})
        assert answer.status_code == 404 and answer.json()["code"] == "thread_not_found"
    assert not Subscription.objects.exists()


@override_settings(DISCUSSION_SUBSCRIBE_RATE=(2, 3600))
def test_one_connection_cannot_mail_strangers_without_end(smtp, thread):
    answers = [subscribe(Client(), thread.pk, {"kinds": ["thread"], "email": f"stranger{n}@example.org"})
               for n in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2].json()["code"] == "rate_limited" and int(answers[2]["Retry-After"]) >= 1
    assert len(smtp.wait_for(2)) == 2


def test_the_operation_is_in_the_apis_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/threads/{thread_id}/subscriptions"]["post"]
    assert operation["operationId"] == "subscription_create"
    assert {"201", "400", "403", "404", "415", "422", "429"} <= set(operation["responses"])
