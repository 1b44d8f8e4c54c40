"""A comment's derived fields (digest, score, root) are the same however it was written:
posted, imported in bulk, or saved through the ORM (the admin, a shell, a data migration)."""

import pytest

from tribune.discussion.comments.models import Comment, body_digest
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.services.comments import comments_erase
from tribune.discussion.comments.tests.factories import guest_reader, thread_factory
from tribune.discussion.portability.records import DELETED, CommentRecord, ThreadRecord
from tribune.discussion.portability.report import ImportReport
from tribune.discussion.portability.services.imports import comments_import

pytestmark = pytest.mark.django_db

TOP, REPLY = "The bridge vote is on Tuesday.", "  And the budget one on Thursday.  "


def _derived(comment: Comment) -> tuple:
    """Return what a comment derives, relative to its own tree: (digest, score, root)."""
    comment = Comment.objects.get(pk=comment.pk)
    root = "itself" if comment.root_id == comment.pk else \
        "its parent's root" if comment.parent_id and comment.root_id == comment.parent.root_id \
        else comment.root_id
    return comment.body_digest, comment.score, root


def _posted():
    thread = thread_factory()
    top = comment_post(thread=thread, body=TOP, reader=guest_reader("192.0.2.1"), guest_name="Ana")
    reply = comment_post(thread=thread, body=REPLY, reader=guest_reader("192.0.2.2"),
                         guest_name="Zoë", parent_id=top.pk)
    return top, reply


def _imported(*, upvotes=0, downvotes=0):
    records = [
        ThreadRecord(key="t", url="https://news.example.org/derived"),
        CommentRecord(source="test", source_id="top", thread_key="t", body=TOP, body_format="markdown",
                      upvotes=upvotes, downvotes=downvotes),
        CommentRecord(source="test", source_id="reply", thread_key="t", body=REPLY,
                      body_format="markdown", parent_source="test", parent_id="top",
                      upvotes=upvotes, downvotes=downvotes),
    ]
    comments_import(records=iter(records), report=ImportReport())
    return Comment.objects.get(import_id="top"), Comment.objects.get(import_id="reply")


def _saved(*, upvotes=0, downvotes=0):
    thread = thread_factory()
    top = Comment(thread=thread, body=TOP, body_html="<p>…</p>", upvotes=upvotes, downvotes=downvotes)
    top.save()
    reply = Comment.objects.create(thread=thread, parent=top, body=REPLY, body_html="<p>…</p>",
                                   upvotes=upvotes, downvotes=downvotes)
    return top, reply


def test_a_posted_an_imported_and_a_saved_comment_derive_the_same_fields():
    posted, imported, saved = _posted(), _imported(), _saved()
    expected = [(body_digest(TOP), 0, "itself"), (body_digest(REPLY), 0, "its parent's root")]
    assert [_derived(c) for c in posted] == expected
    assert [_derived(c) for c in imported] == expected
    assert [_derived(c) for c in saved] == expected


def test_a_comment_saved_without_its_root_is_still_found_under_its_thread_page():
    # A reply saved through the ORM (the admin, a shell) must hang under its top-level comment:
    # the page fetches replies by root.
    top, reply = _saved()
    deeper = Comment.objects.create(thread=top.thread, parent=reply, body="Deeper", body_html="<p>x</p>")
    assert set(Comment.objects.filter(root_id=top.pk).values_list("pk", flat=True)) == \
        {top.pk, reply.pk, deeper.pk}


def test_an_imported_and_a_saved_comment_keep_the_same_score():
    imported, saved = _imported(upvotes=5, downvotes=2), _saved(upvotes=5, downvotes=2)
    assert [_derived(c)[1] for c in imported] == [_derived(c)[1] for c in saved] == [3, 3]


def test_an_erased_and_an_imported_deleted_comment_leave_no_digest():
    top, _ = _posted()
    comments_erase(comments=[top])
    records = [ThreadRecord(key="t", url="https://news.example.org/gone"),
               CommentRecord(source="test", source_id="gone", thread_key="t", body="Words",
                             status=DELETED)]
    comments_import(records=iter(records), report=ImportReport())
    gone = Comment.objects.get(import_id="gone")
    assert Comment.objects.get(pk=top.pk).body_digest == gone.body_digest == ""


def test_saving_a_few_fields_writes_the_digest_of_a_changed_text():
    _, reply = _posted()
    reply.body = "Changed words"
    reply.save(update_fields=["body"])
    assert Comment.objects.get(pk=reply.pk).body_digest == body_digest("Changed words")
