from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tribune.core.ratelimit import RateLimitedError
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.selectors import comment_section
from tribune.discussion.comments.services import (
    CommentBodyInvalidError,
    CommentEditWindowClosedError,
    CommentNameRequiredError,
    CommentNotYoursError,
    CommentParentInvalidError,
    CommentParentNotFoundError,
    ThreadClosedError,
    comment_delete,
    comment_edit,
    comment_post,
    thread_close,
)
from tribune.discussion.comments.tests.factories import guest_reader, registered_reader, thread_factory

pytestmark = pytest.mark.django_db


class TestCommentPost:
    def test_guest_comment_is_rendered_as_safe_markdown(self):
        thread = thread_factory()
        comment = comment_post(thread=thread, body="A *fair* point. [Source](https://example.org)\n\n"
                               "<script>alert(1)</script>", reader=guest_reader(), guest_name="Amal")
        assert comment.status == Comment.Status.VISIBLE
        assert "<em>fair</em>" in comment.body_html
        assert '<a href="https://example.org" rel="nofollow ugc noopener">Source</a>' in comment.body_html
        assert "<script>" not in comment.body_html
        assert comment.author_name == "Amal" and comment.author_kind == "guest"
        assert comment.root_id == comment.pk

    def test_anonymous_guest_needs_a_name_when_the_site_says_so(self):
        thread = thread_factory()
        with override_settings(DISCUSSION_ALLOW_ANONYMOUS=False), \
                pytest.raises(CommentNameRequiredError):
            comment_post(thread=thread, body="Hello", reader=guest_reader())
        comment = comment_post(thread=thread, body="Hello", reader=guest_reader())
        assert comment.author_kind == "anonymous"

    @pytest.mark.parametrize("body", ["", "   \n ", "x" * 5001])
    def test_empty_or_overlong_body_is_refused(self, body):
        with pytest.raises(CommentBodyInvalidError):
            comment_post(thread=thread_factory(), body=body, reader=guest_reader())
        assert Comment.objects.count() == 0

    def test_closed_thread_refuses_comments_but_keeps_them_readable(self):
        thread = thread_factory()
        comment_post(thread=thread, body="Before closing", reader=guest_reader())
        thread_close(thread=thread)
        with pytest.raises(ThreadClosedError):
            comment_post(thread=thread, body="After closing", reader=guest_reader())
        section = comment_section(thread=thread)
        assert [n.comment.body for n in section.nodes] == ["Before closing"]

    def test_reply_hangs_under_the_root_of_its_parent(self):
        thread = thread_factory()
        top = comment_post(thread=thread, body="Top", reader=guest_reader())
        reply = comment_post(thread=thread, body="Reply", reader=guest_reader(), parent_id=top.pk)
        deeper = comment_post(thread=thread, body="Deeper", reader=guest_reader(), parent_id=reply.pk)
        assert (reply.root_id, deeper.root_id) == (top.pk, top.pk)

    def test_reply_to_another_threads_comment_is_refused(self):
        other = comment_post(thread=thread_factory(), body="Elsewhere", reader=guest_reader())
        with pytest.raises(CommentParentNotFoundError):
            comment_post(thread=thread_factory(), body="Reply", reader=guest_reader(), parent_id=other.pk)
        assert Comment.objects.count() == 1

    def test_reply_to_a_comment_readers_cannot_see_is_refused(self):
        thread = thread_factory()
        gone = comment_post(thread=thread, body="Regret", reader=guest_reader())
        Comment.objects.filter(pk=gone.pk).update(status=Comment.Status.PENDING)
        with pytest.raises(CommentParentInvalidError):
            comment_post(thread=thread, body="Reply", reader=guest_reader(), parent_id=gone.pk)
        with pytest.raises(CommentParentNotFoundError):
            comment_post(thread=thread, body="Reply", reader=guest_reader(), parent_id=gone.pk + 1000)
        assert Comment.objects.count() == 1

    def test_posting_too_fast_from_one_address_is_limited(self):
        thread = thread_factory()
        with override_settings(DISCUSSION_POST_RATE=(3, 60)):
            for n in range(3):
                comment_post(thread=thread, body=f"Comment {n}", reader=guest_reader("same-address"))
            with pytest.raises(RateLimitedError) as refused:
                comment_post(thread=thread, body="One more", reader=guest_reader("same-address"))
        assert 0 < refused.value.retry_after <= 60
        assert Comment.objects.count() == 3

    def test_first_comment_of_a_new_guest_can_be_held_for_review(self):
        thread = thread_factory()
        with override_settings(DISCUSSION_HOLD_FIRST_GUEST_COMMENT=True):
            held = comment_post(thread=thread, body="First time here", reader=guest_reader(),
                                guest_email="new@example.org")
            registered = comment_post(thread=thread, body="Member", reader=registered_reader())
        assert held.status == Comment.Status.PENDING
        assert registered.status == Comment.Status.VISIBLE
        assert [n.comment for n in comment_section(thread=thread).nodes] == [registered]


class TestCommentEditAndDelete:
    def test_author_edits_within_the_window_and_the_comment_is_marked_edited(self):
        reader = guest_reader()
        comment = comment_post(thread=thread_factory(), body="Teh news", reader=reader)
        comment_edit(comment=comment, reader=reader, body="The news")
        comment.refresh_from_db()
        assert comment.body_html == "<p>The news</p>\n"
        assert comment.edited_at is not None

    def test_nobody_else_can_edit_or_delete(self):
        comment = comment_post(thread=thread_factory(), body="Mine", reader=guest_reader())
        for stranger in (guest_reader(), registered_reader(), Reader()):
            with pytest.raises(CommentNotYoursError):
                comment_edit(comment=comment, reader=stranger, body="Hijacked")
            with pytest.raises(CommentNotYoursError):
                comment_delete(comment=comment, reader=stranger)
        comment.refresh_from_db()
        assert comment.body == "Mine" and comment.status == Comment.Status.VISIBLE

    def test_edit_window_closes(self):
        reader = registered_reader()
        comment = comment_post(thread=thread_factory(), body="Quick", reader=reader)
        Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
        comment.refresh_from_db()
        with pytest.raises(CommentEditWindowClosedError):
            comment_edit(comment=comment, reader=reader, body="Too late")

    def test_deleting_a_comment_with_replies_keeps_the_replies_in_place(self):
        thread = thread_factory()
        author = guest_reader()
        top = comment_post(thread=thread, body="Original", reader=author, guest_name="Bo",
                           guest_email="bo@example.org")
        reply = comment_post(thread=thread, body="An answer", reader=guest_reader(), parent_id=top.pk)
        lonely = comment_post(thread=thread, body="Nobody answered", reader=author)
        comment_delete(comment=top, reader=author)
        comment_delete(comment=lonely, reader=author)
        top.refresh_from_db()
        assert (top.body, top.guest_name, top.guest_email) == ("", "", "")
        nodes = comment_section(thread=thread, sort="oldest").nodes
        assert [(n.comment.pk, n.comment.status, n.depth) for n in nodes] == [
            (top.pk, Comment.Status.DELETED, 0), (reply.pk, Comment.Status.VISIBLE, 1)]
        assert comment_section(thread=thread).total == 1
