"""The discussion API through the test client: status, body and error code."""

import json

import pytest
from django.test import override_settings

from tribune.discussion.comments.models import Comment, Thread
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import (
    guest_reader,
    moderator_factory,
    thread_factory,
    user_factory,
)

pytestmark = pytest.mark.django_db


def post_json(client, url, data, **headers):
    return client.post(url, data=json.dumps(data), content_type="application/json", **headers)


def test_openapi_schema_and_docs_page_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/threads/{thread_id}/comments" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn.jsdelivr" not in docs.content  # the docs page loads nothing from third parties


def test_guest_posts_then_edits_and_deletes_with_the_key_it_was_given(client):
    thread = thread_factory()
    created = post_json(client, f"/api/v1/threads/{thread.pk}/comments",
                        {"body": "First **take**", "name": "Ines"})
    assert created.status_code == 201
    data = created.json()
    key = data["guest_key"]
    comment = data["comment"]
    assert comment["author"] == {"name": "Ines", "kind": "guest", "marks": []}
    assert comment["body_html"] == "<p>First <strong>take</strong></p>\n"
    assert "email" not in json.dumps(data)

    refused = client.patch(f"/api/v1/comments/{comment['id']}", data=json.dumps({"body": "Changed"}),
                           content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "comment_not_yours"

    edited = client.patch(f"/api/v1/comments/{comment['id']}", data=json.dumps({"body": "Changed"}),
                          content_type="application/json", HTTP_X_GUEST_KEY=key)
    assert edited.status_code == 200 and edited.json()["edited_at"]
    deleted = client.delete(f"/api/v1/comments/{comment['id']}", HTTP_X_GUEST_KEY=key)
    assert deleted.status_code == 200 and deleted.json()["status"] == "deleted"


def test_list_sorts_pages_and_nests_replies(client):
    thread = thread_factory()
    first = comment_post(thread=thread, body="first", reader=guest_reader())
    second = comment_post(thread=thread, body="second", reader=guest_reader())
    reply = comment_post(thread=thread, body="reply", reader=guest_reader(), parent_id=first.pk)
    newest = client.get(f"/api/v1/threads/{thread.pk}/comments?sort=newest").json()
    assert [c["id"] for c in newest["comments"]] == [second.pk, first.pk, reply.pk]
    assert [c["depth"] for c in newest["comments"]] == [0, 0, 1]
    assert newest["thread"]["comment_count"] == 3
    page2 = client.get(f"/api/v1/threads/{thread.pk}/comments?sort=oldest&page=2&page_size=1").json()
    assert [c["id"] for c in page2["comments"]] == [second.pk]
    everything = client.get(f"/api/v1/threads/{thread.pk}/comments/all").json()
    assert len(everything["comments"]) == 3


def test_a_comment_taken_down_keeps_its_place_for_its_replies_but_not_its_text(client):
    from tribune.discussion.moderation.services.decisions import comment_reject

    thread = thread_factory()
    parent = comment_post(thread=thread, body="Something a moderator removes", reader=guest_reader(),
                          guest_name="Rude Person")
    reply = comment_post(thread=thread, body="A fair answer", reader=guest_reader(), parent_id=parent.pk)
    comment_reject(comment=parent, moderator=moderator_factory())
    for url in (f"/api/v1/threads/{thread.pk}/comments", f"/api/v1/threads/{thread.pk}/comments/all"):
        answer = client.get(url)
        assert b"Something a moderator removes" not in answer.content
        assert b"Rude Person" not in answer.content
        removed, kept = answer.json()["comments"]
        assert (removed["id"], removed["status"], removed["body_html"]) == (parent.pk, "rejected", "")
        assert removed["author"] == {"name": "", "kind": "deleted", "marks": []}
        assert kept["id"] == reply.pk and "A fair answer" in kept["body_html"]


def test_cached_answers_change_as_soon_as_the_thread_does(client):
    thread = thread_factory()
    url = f"/api/v1/threads/{thread.pk}/comments/all"
    assert client.get(url).json()["comments"] == []
    comment_post(thread=thread, body="new", reader=guest_reader())
    assert len(client.get(url).json()["comments"]) == 1


def test_vote_through_the_api_and_see_my_votes(client):
    thread = thread_factory()
    comment = comment_post(thread=thread, body="vote", reader=guest_reader())
    first = post_json(client, f"/api/v1/comments/{comment.pk}/vote", {"value": 1},
                      HTTP_X_GUEST_KEY="k" * 43)
    assert first.status_code == 200 and first.json()["score"] == 1
    mine = client.get(f"/api/v1/threads/{thread.pk}/mine", HTTP_X_GUEST_KEY="k" * 43).json()
    assert mine["votes"] == {str(comment.pk): 1}


def test_counts_for_many_threads_in_one_call(client, django_assert_max_num_queries):
    threads = [thread_factory() for _ in range(3)]
    for n, thread in enumerate(threads):
        for _ in range(n):
            comment_post(thread=thread, body="x", reader=guest_reader())
    query = "&".join(f"thread={t.pk}" for t in threads) + f"&article={threads[2].article.slug}&thread=99999"
    with django_assert_max_num_queries(3):
        answer = client.get(f"/api/v1/counts?{query}").json()
    counts = {row["thread_id"]: row["count"] for row in answer["counts"]}
    assert counts == {threads[0].pk: 0, threads[1].pk: 1, threads[2].pk: 2, 99999: 0}


@pytest.mark.parametrize(
    ("method", "url", "body", "status", "code"),
    [
        ("post", "/api/v1/threads/{t}/comments", {"body": ""}, 422, "invalid_input"),
        ("post", "/api/v1/threads/{t}/comments", {"body": "   "}, 400, "comment_body_invalid"),
        ("post", "/api/v1/threads/{t}/comments", {"body": "x", "email": "nope"}, 400, "comment_email_invalid"),
        ("post", "/api/v1/threads/{t}/comments", {"body": "x", "parent_id": 123456}, 404, "comment_not_found"),
        ("post", "/api/v1/threads/{t}/comments", {"nobody": 1}, 422, "invalid_input"),
        ("post", "/api/v1/threads/{t}/comments", "not json at all", 400, None),
        ("post", "/api/v1/threads/999999/comments", {"body": "x"}, 404, "thread_not_found"),
        ("get", "/api/v1/threads/{t}/comments?sort=loudest", None, 422, "invalid_input"),
        ("get", "/api/v1/threads/{t}/comments?page=-1", None, 422, "invalid_input"),
        ("post", "/api/v1/comments/999999/vote", {"value": 1}, 404, "comment_not_found"),
        ("post", "/api/v1/comments/{c}/vote", {"value": 5}, 422, "invalid_input"),
        ("post", "/api/v1/comments/{c}/vote", {"value": 1}, 403, "voter_unknown"),
        ("delete", "/api/v1/comments/{c}", None, 403, "comment_not_yours"),
        ("post", "/api/v1/threads/by-url/comments", {"body": "x", "url": "https://evil.example/p"}, 400,
         "thread_url_not_allowed"),
        ("post", "/api/v1/threads/by-url/comments", {"body": "x", "url": "javascript:alert(1)"}, 400,
         "thread_url_not_allowed"),
    ],
)
def test_bad_requests_get_a_4xx_with_a_json_message(client, method, url, body, status, code):
    thread = thread_factory()
    comment = comment_post(thread=thread, body="there", reader=guest_reader())
    url = url.format(t=thread.pk, c=comment.pk)
    kwargs = {}
    if body is not None:
        kwargs = {"data": body if isinstance(body, str) else json.dumps(body),
                  "content_type": "application/json"}
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status, response.content
    answer = response.json()
    assert answer.get("message") or answer.get("detail")
    if code:
        assert answer["code"] == code
        assert answer["number"] > 0


def test_rate_limited_posting_answers_429_with_retry_after(client):
    thread = thread_factory()
    with override_settings(DISCUSSION_POST_RATE=(2, 60)):
        for n in range(2):
            assert post_json(client, f"/api/v1/threads/{thread.pk}/comments", {"body": f"hi {n}"}).status_code == 201
        refused = post_json(client, f"/api/v1/threads/{thread.pk}/comments", {"body": "hi again"})
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 60


def test_a_refused_comment_on_a_passage_stores_no_passage(client):
    from tribune.discussion.comments.models import Anchor
    from tribune.discussion.comments.services import thread_close

    thread = thread_factory()
    words = thread.article.body.split(".")[0].strip()
    selection = {"exact": words, "prefix": "", "suffix": "", "start": 0, "end": len(words)}
    url = f"/api/v1/threads/{thread.pk}/comments"
    with override_settings(DISCUSSION_POST_RATE=(1, 60)):
        assert post_json(client, url, {"body": "first", "anchor": selection}).status_code == 201
        assert post_json(client, url, {"body": "too soon", "anchor": {**selection, "exact": words[:5],
                                                                         "end": 5}}).status_code == 429
    thread_close(thread=thread)
    assert post_json(client, url, {"body": "closed", "anchor": {**selection, "exact": words[:6],
                                                                 "end": 6}}).status_code == 409
    assert list(Anchor.objects.values_list("exact", flat=True)) == [words]


def test_signed_in_reader_must_send_the_csrf_token(client):
    thread = thread_factory()
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(user_factory())
    refused = post_json(csrf_client, f"/api/v1/threads/{thread.pk}/comments", {"body": "hi"})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert Comment.objects.count() == 0


def test_threads_by_url_for_an_allowed_host(client):
    with override_settings(DISCUSSION_EMBED_HOSTS=["https://news.example.org"]):
        created = post_json(client, "/api/v1/threads/by-url/comments",
                            {"body": "From the widget", "url": "https://news.example.org/story/#top"})
    assert created.status_code == 201
    thread = Thread.objects.get()
    assert thread.url == "https://news.example.org/story"
    found = client.get("/api/v1/threads/by-url?url=https://news.example.org/story/").json()
    assert found["id"] == thread.pk and found["comment_count"] == 1
