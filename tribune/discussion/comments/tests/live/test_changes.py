"""What a live event tells readers of a thread: read from two pictures of it (live/changes.py)."""

import json

import pytest

from tribune.discussion.comments.live.changes import thread_change, thread_state
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_delete, comment_edit, comment_post, vote_cast
from tribune.discussion.comments.tests.factories import guest_reader, moderator_factory, thread_factory
from tribune.discussion.moderation.models import ModerationSettings
from tribune.discussion.moderation.services.decisions import (
    comment_approve,
    comment_moderator_edit,
    comment_reject,
)

pytestmark = pytest.mark.django_db


def change(before, most=20):
    after = thread_state(thread_id=before.thread_id)
    return after, json.loads(thread_change(before=before, after=after, most=most).data)


def test_a_new_comment_travels_as_the_apis_comment_json():
    thread = thread_factory()
    before = thread_state(thread_id=thread.pk)
    comment = comment_post(thread=thread, body="The bridge *reopens* today.", reader=guest_reader(),
                           guest_name="Ana")
    after, data = change(before)
    assert after.version > before.version
    assert data["version"] == after.version and data["comment_count"] == 1
    [sent] = data["comments"]
    assert sent["id"] == comment.pk and sent["author"]["name"] == "Ana"
    assert sent["body_html"] == "<p>The bridge <em>reopens</em> today.</p>\n"
    assert sent["viewer"] is None  # nothing of one reader in what every reader gets
    assert data["votes"] == [] and data["more"] == 0


def test_a_held_comment_never_reaches_readers_until_approved():
    ModerationSettings.objects.create(mode="pre")
    thread = thread_factory()
    before = thread_state(thread_id=thread.pk)
    comment = comment_post(thread=thread, body="Wait for me, I carry a secret.", reader=guest_reader(),
                           guest_name="Held")
    assert comment.status == Comment.Status.PENDING
    after, data = change(before)
    assert data["comments"] == [] and data["comment_count"] == 0
    assert "secret" not in json.dumps(data) and "Held" not in json.dumps(data)
    comment_approve(comment=comment, moderator=moderator_factory())
    _, data = change(after)
    assert [c["id"] for c in data["comments"]] == [comment.pk]
    assert data["comments"][0]["body_html"].startswith("<p>Wait for me")


def test_an_edit_a_deletion_and_a_takedown_travel_without_the_words_readers_may_not_see():
    thread = thread_factory()
    author = guest_reader()
    edited = comment_post(thread=thread, body="First words.", reader=author, guest_name="Ana")
    deleted = comment_post(thread=thread, body="Soon gone.", reader=author, guest_name="Ana")
    rejected = comment_post(thread=thread, body="Rude words here.", reader=guest_reader(), guest_name="Bo")
    before = thread_state(thread_id=thread.pk)
    comment_edit(comment=edited, reader=author, body="Better words.")
    comment_delete(comment=deleted, reader=author)
    comment_reject(comment=rejected, moderator=moderator_factory())
    _, data = change(before)
    sent = {c["id"]: c for c in data["comments"]}
    assert set(sent) == {edited.pk, deleted.pk, rejected.pk}
    assert sent[edited.pk]["body_html"] == "<p>Better words.</p>\n" and sent[edited.pk]["edited_at"]
    assert sent[deleted.pk]["status"] == "deleted" and sent[deleted.pk]["body_html"] == ""
    assert sent[rejected.pk]["status"] == "rejected" and sent[rejected.pk]["body_html"] == ""
    assert "Soon gone" not in json.dumps(data) and "Rude" not in json.dumps(data)
    assert data["comment_count"] == 1


def test_a_moderators_note_is_a_change_readers_see():
    thread = thread_factory()
    comment = comment_post(thread=thread, body="A lnk to fix.", reader=guest_reader(), guest_name="Ana")
    before = thread_state(thread_id=thread.pk)
    comment_moderator_edit(comment=comment, moderator=moderator_factory(), body="A link to fix.",
                           note="typo")
    _, data = change(before)
    [sent] = data["comments"]
    assert sent["moderator_note"] == "typo" and "A link to fix." in sent["body_html"]


def test_votes_travel_as_counts_only():
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Vote on me.", reader=guest_reader(), guest_name="Ana")
    before = thread_state(thread_id=thread.pk)
    vote_cast(comment=comment, reader=guest_reader(), value=1)
    vote_cast(comment=comment, reader=guest_reader(), value=-1)
    vote_cast(comment=comment, reader=guest_reader(), value=1)
    _, data = change(before)
    assert data["comments"] == []
    assert data["votes"] == [[comment.pk, 2, 1, 1]]


def test_a_flood_of_new_comments_is_counted_beyond_what_one_event_carries():
    thread = thread_factory()
    before = thread_state(thread_id=thread.pk)
    for number in range(7):
        comment_post(thread=thread, body=f"Comment number {number} of the flood.", reader=guest_reader(),
                     guest_name="Flo")
    _, data = change(before, most=3)
    assert len(data["comments"]) == 3 and data["more"] == 4 and data["comment_count"] == 7


def test_a_deep_reply_names_whom_it_answers_as_the_api_does():
    thread = thread_factory()
    parent = None
    for depth in range(5):
        parent = comment_post(thread=thread, body=f"Level {depth} says so.", reader=guest_reader(),
                              guest_name=f"Level{depth}", parent_id=parent.pk if parent else None)
    before = thread_state(thread_id=thread.pk)
    reply = comment_post(thread=thread, body="The deepest word.", reader=guest_reader(), guest_name="Deep",
                         parent_id=parent.pk)
    _, data = change(before)
    [sent] = data["comments"]
    assert sent["id"] == reply.pk and sent["depth"] == 5 and sent["reply_to_name"] == "Level4"


def test_a_thread_readers_may_not_see_has_no_picture():
    from tribune.newsroom.models import Article

    thread = thread_factory(status=Article.Status.DRAFT)
    assert thread_state(thread_id=thread.pk) is None
    assert thread_state(thread_id=thread.pk + 1000) is None
