"""Each moderation rule, as the writer of a comment meets it."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import ThreadClosedError, comment_edit, comment_post
from tribune.discussion.comments.services.comments import CommentRejectedError
from tribune.discussion.comments.tests.factories import guest_reader, registered_reader, thread_factory
from tribune.discussion.moderation.models import Block, ModerationSettings, WordRule
from tribune.discussion.moderation.policies import ALLOWED, HOLD, Verdict

pytestmark = pytest.mark.django_db


def test_banned_word_is_refused_with_a_message_naming_it():
    WordRule.objects.create(phrase="vermin", kind=WordRule.Kind.BANNED)
    with pytest.raises(CommentRejectedError) as refused:
        comment_post(thread=thread_factory(), body="They are Vermin, all of them", reader=guest_reader())
    assert "“vermin”" in refused.value.message
    assert Comment.objects.count() == 0


def test_suspect_word_holds_the_comment_and_says_why():
    WordRule.objects.create(phrase="terrorists", kind=WordRule.Kind.SUSPECT)
    comment = comment_post(thread=thread_factory(), body="those are all terrorists", reader=guest_reader())
    assert comment.status == Comment.Status.PENDING
    assert "“terrorists”" in comment.moderation_reason and not comment.likely_spam


def test_a_word_inside_another_word_does_not_count():
    WordRule.objects.create(phrase="ass", kind=WordRule.Kind.BANNED)
    assert comment_post(thread=thread_factory(), body="A classic assessment", reader=guest_reader()).pk


def test_too_many_links_go_to_the_spam_queue():
    body = " ".join(f"https://shop{n}.example" for n in range(4))
    comment = comment_post(thread=thread_factory(), body=body, reader=guest_reader())
    assert comment.status == Comment.Status.PENDING and comment.likely_spam


def test_the_same_comment_twice_is_refused():
    reader = guest_reader()
    thread = thread_factory()
    comment_post(thread=thread, body="Buy now", reader=reader)
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread, body="Buy now", reader=reader)


def test_a_repeat_is_found_whatever_the_spaces_around_it_and_only_for_the_same_writer():
    reader = guest_reader()
    thread = thread_factory()
    comment_post(thread=thread, body="Same words here", reader=reader)
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread_factory(), body="  Same words here\n", reader=reader)
    # Another reader may say the same; the same browser from another connection may not.
    assert comment_post(thread=thread, body="Same words here", reader=guest_reader()).pk
    moved = Reader(guest_key=reader.guest_key, address_hash="another-connection")
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread, body="Same words here", reader=moved)


def test_a_repeat_of_a_registered_readers_comment_is_refused_from_another_connection():
    reader = registered_reader()
    comment_post(thread=thread_factory(), body="My view, once", reader=reader)
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread_factory(), body="My view, once",
                     reader=Reader(user=reader.user, address_hash="elsewhere"))


def test_an_edited_text_counts_as_the_text_posted():
    reader = guest_reader()
    thread = thread_factory()
    comment = comment_post(thread=thread, body="First words", reader=reader)
    comment_edit(comment=comment, reader=reader, body="Better words")
    assert comment_post(thread=thread, body="First words", reader=reader).pk
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread, body="Better words", reader=reader)


def test_the_same_text_a_day_later_is_allowed():
    reader = guest_reader()
    thread = thread_factory()
    old = comment_post(thread=thread, body="Weekly reminder", reader=reader)
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert comment_post(thread=thread, body="Weekly reminder", reader=reader).pk


def test_rules_changed_here_apply_to_the_next_comment():
    thread = thread_factory()
    reader = guest_reader()
    assert comment_post(thread=thread, body="Nothing wrong yet", reader=reader).status == "visible"
    WordRule.objects.create(phrase="wrong", kind=WordRule.Kind.SUSPECT)
    assert comment_post(thread=thread, body="Something wrong now", reader=reader).status == "pending"
    Block.objects.create(kind=Block.Kind.GUEST, value=reader.guest_key_hash)
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread, body="And again", reader=reader)
    ModerationSettings.objects.create(mode=ModerationSettings.Mode.PRE)
    assert comment_post(thread=thread, body="A new guest", reader=guest_reader()).status == "pending"


def test_a_flood_from_one_address_is_held():
    ModerationSettings.objects.create(flood_limit=3)
    thread = thread_factory()
    statuses = [comment_post(thread=thread, body=f"flood {n}", reader=guest_reader("one-address")).status
                for n in range(5)]
    assert statuses == ["visible"] * 3 + ["pending"] * 2


def test_blocked_email_account_and_expired_ban():
    thread = thread_factory()
    Block.objects.create(kind=Block.Kind.EMAIL, value="troll@example.org")
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread, body="hi", reader=guest_reader(), guest_email="Troll@example.org")
    member = registered_reader()
    Block.objects.create(kind=Block.Kind.ACCOUNT, value=str(member.user.pk),
                         expires_at=timezone.now() - timedelta(days=1))
    assert comment_post(thread=thread, body="back again", reader=member).status == "visible"


def test_pre_moderation_holds_until_the_writer_is_trusted_and_a_rejection_undoes_trust():
    ModerationSettings.objects.create(mode="pre", trust_after=2)
    thread = thread_factory()
    member = registered_reader()
    first = comment_post(thread=thread, body="one", reader=member)
    assert first.status == "pending"
    Comment.objects.filter(user=member.user).update(status="visible")
    comment_post(thread=thread, body="two", reader=member)
    Comment.objects.filter(user=member.user).update(status="visible")
    assert comment_post(thread=thread, body="three", reader=member).status == "visible"
    Comment.objects.filter(body="three").update(status="rejected")
    assert comment_post(thread=thread, body="four", reader=member).status == "pending"


def test_pre_moderation_per_article():
    thread = thread_factory()
    thread.moderation = "pre"
    thread.save()
    assert comment_post(thread=thread, body="held here", reader=guest_reader()).status == "pending"
    assert comment_post(thread=thread_factory(), body="not there", reader=guest_reader()).status == "visible"


def test_comments_close_automatically_after_the_set_days():
    ModerationSettings.objects.create(close_after_days=7)
    thread = thread_factory(publish_at=timezone.now() - timedelta(days=8))
    with pytest.raises(ThreadClosedError):
        comment_post(thread=thread, body="late", reader=guest_reader())


class ShoutingCheck:
    """An operator's own check, added by its dotted path."""

    def check(self, candidate):
        if candidate.body.isupper():
            return Verdict(HOLD, "Written in capitals")
        return ALLOWED


@override_settings(DISCUSSION_EXTRA_CHECKS=["tribune.discussion.moderation.tests.test_policies.ShoutingCheck"])
def test_an_operator_adds_a_check_by_dotted_path():
    comment = comment_post(thread=thread_factory(), body="THIS IS OUTRAGEOUS", reader=Reader())
    assert comment.status == "pending" and comment.moderation_reason == "Written in capitals"


def test_the_writer_of_a_held_comment_is_told_why(client):
    from django.urls import reverse

    WordRule.objects.create(phrase="zionist", kind=WordRule.Kind.SUSPECT)
    thread = thread_factory()
    url = reverse("discussion:comment_create", kwargs={"article_id": thread.article.pk})
    answer = client.post(f"/api/v1/threads/{thread.pk}/comments", {"body": "those are all Zionist-backed"},
                         content_type="application/json").json()
    assert answer["held"] is True and "“zionist”" in answer["held_reason"]
    page = client.post(url, {"body": "the zionist cause, again"}, follow=True).content.decode()
    assert "“zionist”" in page
