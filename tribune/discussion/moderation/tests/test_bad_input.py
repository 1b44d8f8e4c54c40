"""The moderators' forms and the pages take any input without a 500, and send nobody elsewhere."""

import pytest

from tribune.core.ids import ID_MAX
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import (
    guest_cookie,
    guest_reader,
    moderator_factory,
    thread_factory,
)
from tribune.discussion.moderation.models import Block

pytestmark = pytest.mark.django_db

FETCH = {"X-Requested-With": "fetch"}
# What the ban form ticks for a guest by default.
BLOCK = {"block": ["guest"]}


@pytest.fixture
def moderating(client):
    client.force_login(moderator_factory())
    return client


@pytest.fixture
def comment():
    return comment_post(thread=thread_factory(), body="Buy cheap watches", reader=guest_reader())


def ban_url(comment):
    return f"/moderation/comments/{comment.pk}/ban/"


def test_a_ban_until_a_date_that_does_not_exist_is_a_form_error(moderating, comment):
    answer = moderating.post(ban_url(comment), {"until": "2024-02-30", "reason": "Spam", **BLOCK}, headers=FETCH)
    assert answer.status_code == 400
    assert answer.json()["ok"] is False and "Until" in answer.json()["message"]
    # Without JavaScript: back to the queue, with the error to read.
    page = moderating.post(ban_url(comment), {"until": "2024-02-30", "reason": "Spam", **BLOCK,
                                              "next": "/moderation/"}, follow=True)
    assert page.status_code == 200 and "Enter a valid date" in page.content.decode()
    assert Block.objects.count() == 0
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


@pytest.mark.parametrize("fields", [
    {"days": "0"},  # was taken as "for good"
    {"days": "²"},  # a digit to str.isdigit(), not to int()
    {"days": "99999999999999999999999"},
    {"until": "0001-01-01"},
    {"until": "2001-01-01"},
    {"reason": "x" * 301},
    {"reason": "nul\x00"},
    {"block": ["everything"]},
    {"block": []},
])
def test_a_ban_the_form_cannot_take_bans_nobody(moderating, comment, fields):
    answer = moderating.post(ban_url(comment), {"reason": "Spam", **BLOCK, **fields}, headers=FETCH)
    assert answer.status_code == 400 and answer.json()["ok"] is False
    assert Block.objects.count() == 0


def test_a_ban_for_some_days_or_until_a_date_still_works(moderating, comment):
    answer = moderating.post(ban_url(comment), {"days": "7", "reason": "Spam", **BLOCK}, headers=FETCH)
    assert answer.status_code == 200 and answer.json()["ok"] is True
    assert Block.objects.filter(expires_at__isnull=False).exists()


def test_decisions_about_ids_no_row_can_have_are_not_a_server_error(moderating, comment):
    for ids in [[str(ID_MAX + 1)], ["121512445197713741447168", str(comment.pk)], ["²"], ["-1"]]:
        answer = moderating.post("/moderation/decide/", {"comment": ids, "action": "approve"},
                                 headers=FETCH)
        assert answer.status_code == 200, ids
    answer = moderating.post("/moderation/decide/", {"comment": [comment.pk], "action": "reject",
                                                     "reason": "nul\x00"}, headers=FETCH)
    assert answer.status_code == 400 and answer.json()["ok"] is False
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


@pytest.mark.parametrize("target", [
    "https://evil.example/phish", "//evil.example/phish", "/\\evil.example", "javascript:alert(1)",
    "http://testserver.evil.example/",
])
def test_moderation_redirects_never_send_a_moderator_to_another_site(moderating, comment, target):
    answer = moderating.post("/moderation/decide/", {"comment": [comment.pk], "action": "approve",
                                                     "next": target})
    assert answer.status_code == 302 and answer["Location"] == "/moderation/"


def test_moderation_redirects_go_back_to_the_page_of_the_queue_they_came_from(moderating, comment):
    answer = moderating.post("/moderation/decide/", {"comment": [comment.pk], "action": "approve",
                                                     "next": "/moderation/queue/reported/?order=oldest"})
    assert answer["Location"] == "/moderation/queue/reported/?order=oldest"


def test_hostile_ids_in_page_addresses_and_queries_are_not_a_server_error(client, admin_client):
    thread = thread_factory()
    article_url = thread.article.get_absolute_url()
    for query in ["?anchor=²", "?reply=²", f"?anchor={ID_MAX + 1}", f"?reply={ID_MAX + 1}",
                  "?anchor=-1", "?sort=%00", "?comments=all&filter=inline&anchor=121512445197713741447168"]:
        assert client.get(article_url + query).status_code == 200, query
        # The page's script asks the API for the lists: a bad filter is an answer in its shape.
        listed = client.get(f"/api/v1/threads/{thread.pk}/comments{query}")
        assert listed.status_code == 200 or listed.json()["code"] == "invalid_input", query
    for path in [f"/discussion/articles/{ID_MAX + 1}/comments/",
                 "/discussion/comments/121512445197713741447168/report/",
                 "/discussion/comments/121512445197713741447168/edit/"]:
        assert client.get(path).status_code == 404, path
    for query in ["?campaign=²", f"?campaign={ID_MAX + 1}"]:
        assert admin_client.get("/support/ledger.csv" + query).status_code == 404


def test_nul_characters_in_a_moderators_or_readers_note_are_not_a_server_error(client, comment):
    guest_cookie(client, "k" * 43)
    answer = client.post(f"/discussion/comments/{comment.pk}/report/", {"reason": "spam", "note": "a\x00b"})
    assert answer.status_code == 302
    assert comment.reports.get().note == "ab"
    client.force_login(moderator_factory())
    answer = client.post(f"/moderation/comments/{comment.pk}/edit/", {"body": "Watches", "note": "Ad\x00"})
    assert answer.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.moderator_note) == ("Watches", "Ad")
