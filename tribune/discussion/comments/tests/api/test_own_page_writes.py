"""The article page's script writes through the API as the page's reader: a guest by the signed
HttpOnly cookie the pages read (the script never holds the key), a signed-in reader by session
with the CSRF token. Another site's page gets none of that from the visitor's cookies."""

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tribune.discussion.comments.identity import GUEST_COOKIE
from tribune.discussion.comments.models import Comment, Thread, Vote
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import (
    article_factory,
    guest_reader,
    thread_factory,
    user_factory,
)

pytestmark = pytest.mark.django_db

OWN_PAGE = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
BLOG = "https://blog.example.org"
EVIL = "https://evil.example"


def post(client, path, data, **headers):
    return client.post(f"/api/v1/{path}", data=json.dumps(data), content_type="application/json",
                       headers=headers)


def test_a_new_guests_key_from_the_page_goes_into_the_http_only_cookie_and_never_to_the_script(client):
    thread = thread_factory()
    created = post(client, f"threads/{thread.pk}/comments", {"body": "From the page", "name": "Noor"}, **OWN_PAGE)
    assert created.status_code == 201
    assert created.json()["guest_key"] is None
    cookie = created.cookies[GUEST_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie.value
    # The next page load knows the comment is this browser's: its Delete link, no Report link.
    comment = Comment.objects.get()
    page = client.get(thread.article.get_absolute_url()).content.decode()
    assert reverse("discussion:comment_delete", args=[comment.pk]) in page
    assert reverse("moderation:report", args=[comment.pk]) not in page
    # A comment posted later with the same cookie is the same guest's; no new key is handed out.
    again = post(client, f"threads/{thread.pk}/comments", {"body": "And again", "name": "Noor"}, **OWN_PAGE)
    assert GUEST_COOKIE not in again.cookies
    assert client.get(f"/api/v1/threads/{thread.pk}/mine").json()["comment_ids"] == \
        sorted(Comment.objects.values_list("pk", flat=True))


@override_settings(DISCUSSION_EMBED_HOSTS=[BLOG])
def test_clients_elsewhere_get_the_key_in_the_answer_and_no_cookie(client):
    thread = thread_factory()
    for headers in ({"Origin": BLOG, "Sec-Fetch-Site": "cross-site"}, {}):
        created = post(Client(), f"threads/{thread.pk}/comments", {"body": f"From {headers or 'curl'}"},
                       **headers)
        assert created.status_code == 201 and len(created.json()["guest_key"]) >= 20
        assert GUEST_COOKIE not in created.cookies


def test_another_site_carrying_the_guests_cookie_cannot_write(client):
    thread = thread_factory()
    post(client, f"threads/{thread.pk}/comments", {"body": "Mine"}, **OWN_PAGE)
    mine = Comment.objects.get()
    other = comment_post(thread=thread, body="Someone else's", reader=guest_reader())
    assert client.cookies[GUEST_COOKIE].value
    # A browser on another site's page, sending this guest's cookie along (a neighbouring
    # subdomain sends even a SameSite=Lax cookie): every write is refused before it runs.
    for headers in ({"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": "https://comments.testserver", "Sec-Fetch-Site": "same-site"},
                    {"Origin": "null"}):
        refused = [
            post(client, f"threads/{thread.pk}/comments", {"body": "Spam in your name"}, **headers),
            post(client, f"comments/{other.pk}/vote", {"value": 1}, **headers),
            client.patch(f"/api/v1/comments/{mine.pk}", data=json.dumps({"body": "Defaced"}),
                         content_type="application/json", headers=headers),
            client.delete(f"/api/v1/comments/{mine.pk}", headers=headers),
            post(client, f"threads/{thread.pk}/subscriptions",
                 {"kinds": ["thread"], "email": "victim@example.org"}, **headers),
        ]
        assert [(r.status_code, r.json()["code"]) for r in refused] == [(403, "cross_site_refused")] * 5, headers
    mine.refresh_from_db()
    assert (mine.body, mine.status) == ("Mine", "visible")
    assert Comment.objects.count() == 2 and not Vote.objects.exists()


def test_a_signed_in_reader_writes_from_the_page_only_with_the_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user_factory())
    thread = thread_factory()
    page = browser.get(thread.article.get_absolute_url())
    token = page.context["csrf_token"]
    refused = post(browser, f"threads/{thread.pk}/comments", {"body": "hi"}, **OWN_PAGE)
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    created = post(browser, f"threads/{thread.pk}/comments", {"body": "hi"}, **OWN_PAGE, **{"X-CSRFToken": str(token)})
    assert created.status_code == 201 and created.json()["comment"]["viewer"]["mine"] is True


def test_a_new_guest_votes_from_the_page_and_keeps_the_key_in_the_cookie(client):
    comment = comment_post(thread=thread_factory(), body="Vote on me", reader=guest_reader())
    voted = post(client, f"comments/{comment.pk}/vote", {"value": 1}, **OWN_PAGE)
    assert voted.status_code == 200 and voted.json()["upvotes"] == 1
    assert voted.cookies[GUEST_COOKIE]["httponly"]
    # The same browser withdraws it: the cookie names the voter.
    withdrawn = post(client, f"comments/{comment.pk}/vote", {"value": 0}, **OWN_PAGE)
    assert withdrawn.json()["upvotes"] == 0 and not Vote.objects.exists()


@override_settings(DISCUSSION_EMBED_HOSTS=[BLOG])
def test_a_guest_without_a_key_cannot_vote_from_elsewhere(client):
    comment = comment_post(thread=thread_factory(), body="Vote on me", reader=guest_reader())
    for headers in ({"Origin": BLOG, "Sec-Fetch-Site": "cross-site"}, {}):
        refused = post(Client(), f"comments/{comment.pk}/vote", {"value": 1}, **headers)
        assert refused.status_code == 403 and refused.json()["code"] == "voter_unknown"
        assert GUEST_COOKIE not in refused.cookies
    assert not Vote.objects.exists()


def test_the_first_comment_under_an_article_makes_its_thread_once(client):
    article = article_factory()
    first = post(client, f"articles/{article.pk}/comments", {"body": "First!"}, **OWN_PAGE)
    second = post(client, f"articles/{article.pk}/comments", {"body": "Second"}, **OWN_PAGE)
    assert (first.status_code, second.status_code) == (201, 201)
    thread = Thread.objects.get()
    assert thread.article_id == article.pk
    assert first.json()["comment"]["thread_id"] == second.json()["comment"]["thread_id"] == thread.pk
    assert (first.json()["comment_count"], second.json()["comment_count"]) == (1, 2)


def test_no_comment_under_a_draft_or_a_missing_article(client):
    draft = article_factory(status="draft")
    for article_id in (draft.pk, draft.pk + 1000):
        refused = post(client, f"articles/{article_id}/comments", {"body": "Early"}, **OWN_PAGE)
        assert refused.status_code == 404 and refused.json()["code"] == "thread_not_found"
    assert not Thread.objects.exists() and not Comment.objects.exists()
