"""Editing through the API: the new text meets the checks of a post, and staff edit only their own."""

import json

import pytest

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.tests.factories import moderator_factory, thread_factory
from tribune.discussion.moderation.models import WordRule

pytestmark = pytest.mark.django_db

TWENTY_LINKS = "Deals! " + " ".join(f"https://shop{n}.example/offer" for n in range(20))


def post(client, thread, body, **headers):
    return client.post(f"/api/v1/threads/{thread.pk}/comments", data=json.dumps({"body": body, "name": "Ada"}),
                       content_type="application/json", **headers)


def patch(client, comment_id, body, **headers):
    return client.patch(f"/api/v1/comments/{comment_id}", data=json.dumps({"body": body}),
                        content_type="application/json", **headers)


def test_an_approved_hello_edited_into_twenty_links_is_held_with_the_reason_a_post_gets(client):
    thread = thread_factory()
    created = post(client, thread, "hello").json()
    key, comment_id = created["guest_key"], created["comment"]["id"]
    listed = client.get(f"/api/v1/threads/{thread.pk}/comments/all").json()  # cached from here
    assert [c["id"] for c in listed["comments"]] == [comment_id]

    edited = patch(client, comment_id, TWENTY_LINKS, HTTP_X_GUEST_KEY=key)
    assert edited.status_code == 200
    answer = edited.json()
    held_post = post(client, thread_factory(), TWENTY_LINKS, REMOTE_ADDR="198.51.100.4").json()
    assert (answer["held"], answer["held_reason"]) == (True, held_post["held_reason"])
    assert answer["status"] == "pending" and "shop19.example" in answer["body_html"]  # the writer's own

    others = client.get(f"/api/v1/threads/{thread.pk}/comments/all")
    assert b"shop19.example" not in others.content and b"hello" not in others.content
    assert others.json()["thread"]["comment_count"] == 0
    assert client.get(f"/api/v1/threads/{thread.pk}").json()["comment_count"] == 0


def test_an_edit_into_banned_words_is_refused_with_the_message_a_post_gets(client):
    WordRule.objects.create(phrase="vermin", kind=WordRule.Kind.BANNED)
    thread = thread_factory()
    created = post(client, thread, "hello").json()
    refused = patch(client, created["comment"]["id"], "They are vermin", HTTP_X_GUEST_KEY=created["guest_key"])
    refused_post = post(client, thread, "They are vermin", REMOTE_ADDR="198.51.100.4")
    assert refused.status_code == refused_post.status_code == 400
    assert refused.json()["code"] == "comment_rejected"
    assert refused.json()["message"] == refused_post.json()["message"]
    assert Comment.objects.get(pk=created["comment"]["id"]).body == "hello"


def test_an_allowed_edit_answers_not_held(client):
    thread = thread_factory()
    created = post(client, thread, "hello").json()
    edited = patch(client, created["comment"]["id"], "hello again", HTTP_X_GUEST_KEY=created["guest_key"])
    assert edited.status_code == 200
    assert (edited.json()["held"], edited.json()["held_reason"], edited.json()["status"]) == (False, "", "visible")


def test_staff_cannot_rewrite_a_readers_comment_through_the_readers_edit(client):
    thread = thread_factory()
    comment_id = post(client, thread, "My own words").json()["comment"]["id"]
    staff = client.__class__()
    staff.force_login(moderator_factory())
    refused = patch(staff, comment_id, "Words put in my mouth")
    assert refused.status_code == 403 and refused.json()["code"] == "comment_not_yours"
    assert Comment.objects.get(pk=comment_id).body == "My own words"
    mine = staff.get(f"/api/v1/threads/{thread.pk}/mine").json()
    assert mine["editable_ids"] == []
