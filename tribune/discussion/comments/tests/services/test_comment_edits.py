"""An author's edit meets the checks a post of the same text would meet, with the same outcome."""

import pytest
from django.db import transaction

from tribune.core.ratelimit import rate_count_recent
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.rules import comment_can_edit
from tribune.discussion.comments.selectors import comment_section
from tribune.discussion.comments.services import (
    CommentNotYoursError,
    CommentRejectedError,
    comment_edit,
    comment_post,
)
from tribune.discussion.comments.tests.factories import (
    guest_reader,
    moderator_factory,
    registered_reader,
    thread_factory,
    user_factory,
)
from tribune.discussion.moderation.models import ModerationAction, ModerationSettings, WordRule
from tribune.discussion.moderation.policies import FLOOD_SCOPE
from tribune.discussion.moderation.selectors import moderation_queue, queue_counts
from tribune.discussion.moderation.services.decisions import (
    author_ban,
    comment_approve,
    comment_moderator_edit,
)
from tribune.discussion.notifications.models import Delivery

TWENTY_LINKS = "Deals! " + " ".join(f"https://shop{n}.example/offer" for n in range(20))


def _post_verdict(body: str) -> tuple[str, str]:
    """Return how a new comment with `body` fares: ("refused", message) or (status, reason)."""
    try:
        with transaction.atomic():
            comment = comment_post(thread=thread_factory(), body=body, reader=guest_reader())
            outcome = (comment.status, comment.moderation_reason)
            transaction.set_rollback(True)
    except CommentRejectedError as exc:
        return ("refused", exc.message)
    return outcome


@pytest.mark.django_db
class TestCommentEdit:
    def test_an_approved_comment_edited_into_banned_words_is_refused_and_stays_as_it_was(self):
        WordRule.objects.create(phrase="vermin", kind=WordRule.Kind.BANNED)
        writer = guest_reader()
        thread = thread_factory()
        comment = comment_post(thread=thread, body="hello", reader=writer)
        with pytest.raises(CommentRejectedError) as refused:
            comment_edit(comment=comment, reader=writer, body="They are vermin")
        assert ("refused", refused.value.message) == _post_verdict("They are vermin")
        comment = Comment.objects.get(pk=comment.pk)
        assert (comment.body, comment.status, comment.edited_at) == ("hello", "visible", None)
        assert [n.comment.body_html for n in comment_section(thread=thread).nodes] == ["<p>hello</p>\n"]

    def test_an_approved_comment_edited_into_twenty_links_goes_back_to_review_out_of_sight(self):
        writer = guest_reader()
        thread = thread_factory()
        comment = comment_post(thread=thread, body="hello", reader=writer)
        edited = comment_edit(comment=comment, reader=writer, body=TWENTY_LINKS)
        assert (edited.status, edited.moderation_reason) == _post_verdict(TWENTY_LINKS)
        assert "20 links" in edited.moderation_reason and edited.likely_spam
        section = comment_section(thread=thread)
        assert section.total == 0 and section.nodes == []
        [item] = moderation_queue(queue="spam")
        assert item.comment == comment and edited.moderation_reason in item.reasons

    def test_a_suspect_word_in_an_edit_holds_the_comment_with_the_posts_reason(self):
        WordRule.objects.create(phrase="traitors", kind=WordRule.Kind.SUSPECT)
        writer = registered_reader()
        comment = comment_post(thread=thread_factory(), body="A fair point", reader=writer)
        edited = comment_edit(comment=comment, reader=writer, body="They are traitors")
        assert (edited.status, edited.moderation_reason) == _post_verdict("They are traitors")
        assert [item.comment for item in moderation_queue(queue="pending")] == [comment]

    def test_a_banned_author_cannot_edit_what_they_wrote_before_the_ban(self):
        writer = guest_reader()
        comment = comment_post(thread=thread_factory(), body="Before the ban", reader=writer,
                               guest_email="troll@example.org")
        author_ban(comment=comment, moderator=moderator_factory(), reason="Trolling")
        with pytest.raises(CommentRejectedError):
            comment_edit(comment=comment, reader=writer, body="After the ban")
        comment.refresh_from_db()
        assert comment.body == "Before the ban"

    def test_under_pre_moderation_an_approved_comment_edited_waits_for_approval_again(self):
        settings = ModerationSettings.objects.create(mode="pre")
        writer = guest_reader()
        thread = thread_factory()
        comment = comment_post(thread=thread, body="Please approve", reader=writer)
        comment_approve(comment=comment, moderator=moderator_factory())
        edited = comment_edit(comment=comment, reader=writer, body="Something else entirely")
        assert edited.status == Comment.Status.PENDING
        assert edited.moderation_reason == "Comments here are read by a moderator before they appear."
        assert comment_section(thread=thread).total == 0
        # A trusted writer's edit stays up, as their post would.
        settings.trust_after = 1
        settings.save()
        trusted = registered_reader()
        comment_post(thread=thread_factory(), body="Earlier", reader=trusted)
        Comment.objects.filter(user=trusted.user).update(status=Comment.Status.VISIBLE)
        mine = Comment.objects.get(user=trusted.user)
        assert comment_edit(comment=mine, reader=trusted, body="Earlier, corrected").status == "visible"

    def test_an_edit_repeating_another_of_the_writers_comments_is_refused_but_not_a_repeat_of_itself(self):
        writer = guest_reader()
        thread = thread_factory()
        comment_post(thread=thread, body="Vote for the bridge", reader=writer)
        other = comment_post(thread=thread, body="Second thoughts", reader=writer)
        with pytest.raises(CommentRejectedError):
            comment_edit(comment=other, reader=writer, body="Vote for the bridge")
        edited = comment_edit(comment=other, reader=writer, body="Second thoughts, fixed")
        assert comment_edit(comment=edited, reader=writer, body="Second thoughts").status == "visible"

    def test_edits_add_nothing_to_the_flood_count_and_are_not_held_by_it(self):
        ModerationSettings.objects.create(flood_limit=1)
        writer = guest_reader()
        comment = comment_post(thread=thread_factory(), body="Only one", reader=writer)
        for n in range(12):
            comment = comment_edit(comment=comment, reader=writer, body=f"Only one, take {n}")
        assert comment.status == Comment.Status.VISIBLE
        assert rate_count_recent(scope=FLOOD_SCOPE, key=writer.address_hash, seconds=600) == 1

    def test_an_edit_never_publishes_a_comment_waiting_for_review(self):
        writer = guest_reader()
        held = comment_post(thread=thread_factory(), body=TWENTY_LINKS, reader=writer)
        edited = comment_edit(comment=held, reader=writer, body="No links any more")
        assert edited.status == Comment.Status.PENDING and edited.body == "No links any more"

    def test_staff_cannot_rewrite_a_readers_comment_through_the_readers_edit(self):
        moderator = Reader(user=moderator_factory(), address_hash="staff-desk")
        comment = comment_post(thread=thread_factory(), body="My own words", reader=guest_reader())
        assert not comment_can_edit(comment=comment, reader=moderator)
        with pytest.raises(CommentNotYoursError):
            comment_edit(comment=comment, reader=moderator, body="Words put in my mouth")
        comment.refresh_from_db()
        assert comment.body == "My own words" and comment.edited_at is None
        assert not ModerationAction.objects.exists()

    def test_staff_edit_their_own_comments_as_readers_through_the_same_checks(self):
        WordRule.objects.create(phrase="vermin", kind=WordRule.Kind.BANNED)
        staff = Reader(user=moderator_factory(), address_hash="staff-desk")
        mine = comment_post(thread=thread_factory(), body="From the desk", reader=staff)
        assert comment_edit(comment=mine, reader=staff, body="From the news desk").body == "From the news desk"
        with pytest.raises(CommentRejectedError):
            comment_edit(comment=mine, reader=staff, body="vermin")

    def test_the_moderators_edit_keeps_the_status_and_leaves_a_note_and_a_log_entry(self):
        moderator = moderator_factory()
        comment = comment_post(thread=thread_factory(), body="Good point, idiot", reader=guest_reader())
        comment_moderator_edit(comment=comment, moderator=moderator, body="Good point", note="Insult removed")
        comment.refresh_from_db()
        assert (comment.body, comment.status, comment.moderator_note) == ("Good point", "visible",
                                                                          "Insult removed")
        action = ModerationAction.objects.get()
        assert (action.moderator, action.action, action.reason) == (moderator, "edit", "Insult removed")

    def test_a_held_edit_of_a_comment_whose_reports_were_settled_waits_in_the_pending_queue(self):
        from tribune.discussion.moderation.services.decisions import comment_report

        writer = guest_reader()
        comment = comment_post(thread=thread_factory(), body="Reported once", reader=writer)
        for n in range(3):
            comment_report(comment=comment, reader=guest_reader(f"reporter-{n}"), reason="spam")
        comment_approve(comment=comment, moderator=moderator_factory())
        WordRule.objects.create(phrase="traitors", kind=WordRule.Kind.SUSPECT)
        comment_edit(comment=Comment.objects.get(pk=comment.pk), reader=writer, body="All traitors")
        assert [item.comment for item in moderation_queue(queue="pending")] == [comment]
        assert queue_counts() == {"pending": 1, "reported": 0, "spam": 0}


@pytest.mark.django_db(transaction=True)
def test_a_held_edit_is_not_announced_and_its_approval_sends_no_second_email(smtp):
    from tribune.discussion.notifications.services.subscriptions import subscription_create

    thread = thread_factory()
    follower = registered_reader(user_factory("Fola Reader", email="fola@example.org"))
    subscription_create(thread=thread, reader=follower, kinds=["thread"])
    writer = guest_reader()
    comment = comment_post(thread=thread, body="First version", reader=writer, guest_name="Gus")
    [announced] = smtp.wait_for(1)
    assert "First version" in announced.get_body(preferencelist=("plain",)).get_content()

    edited = comment_edit(comment=comment, reader=writer, body=TWENTY_LINKS)
    assert edited.status == Comment.Status.PENDING
    comment_approve(comment=edited, moderator=moderator_factory())
    # A later comment's email arrives after anything the approval could have sent.
    comment_post(thread=thread, body="Someone else", reader=guest_reader(), guest_name="Eve")
    messages = smtp.wait_for(2)
    assert len(messages) == 2 and "Someone else" in messages[1].get_body(preferencelist=("plain",)).get_content()
    assert Delivery.objects.filter(comment=comment).count() == 1
