import pytest

from tribune.core.errors import PermissionDeniedError
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.selectors import comment_section
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.services.comments import CommentRejectedError
from tribune.discussion.comments.tests.factories import (
    guest_reader,
    moderator_factory,
    thread_factory,
    user_factory,
)
from tribune.discussion.moderation.models import ModerationAction, ModerationSettings
from tribune.discussion.moderation.selectors import moderation_queue
from tribune.discussion.moderation.services.decisions import (
    ReportDuplicateError,
    author_ban,
    comment_approve,
    comment_feature,
    comment_moderator_edit,
    comment_reject,
    comment_report,
    comments_moderate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return moderator_factory()


def test_reports_hide_a_comment_at_the_threshold_and_nobody_reports_twice(moderator):
    ModerationSettings.objects.create(report_threshold=2)
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Nasty", reader=guest_reader())
    first = guest_reader()
    comment_report(comment=comment, reader=first, reason="hate")
    with pytest.raises(ReportDuplicateError):
        comment_report(comment=comment, reader=first, reason="hate")
    assert comment_section(thread=thread).total == 1
    comment_report(comment=comment, reader=guest_reader(), reason="abuse")
    comment.refresh_from_db()
    assert comment.status == "pending" and comment_section(thread=thread).total == 0
    [item] = moderation_queue(queue="reported")
    assert item.comment == comment
    assert any("Attacks a group of people" in r for r in item.reasons)
    comment_reject(comment=comment, moderator=moderator, reason="Hate speech")
    assert moderation_queue(queue="reported") == []
    assert ModerationAction.objects.get().reason == "Hate speech"


def test_approving_a_held_comment_publishes_it_and_logs_who(moderator):
    ModerationSettings.objects.create(mode="pre")
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Please approve", reader=guest_reader())
    comment_approve(comment=comment, moderator=moderator)
    assert [n.comment.body for n in comment_section(thread=thread).nodes] == ["Please approve"]
    action = ModerationAction.objects.get()
    assert (action.moderator, action.action) == (moderator, "approve")


def test_only_moderators_decide():
    comment = comment_post(thread=thread_factory(), body="x", reader=guest_reader())
    with pytest.raises(PermissionDeniedError):
        comment_approve(comment=comment, moderator=user_factory())


def test_bulk_decisions(moderator):
    ModerationSettings.objects.create(mode="pre")
    thread = thread_factory()
    ids = [comment_post(thread=thread, body=f"c{n}", reader=guest_reader()).pk for n in range(3)]
    assert comments_moderate(comment_ids=ids, action="spam", moderator=moderator) == 3
    assert set(Comment.objects.values_list("status", flat=True)) == {"spam"}


def test_banned_author_cannot_post_again(moderator):
    writer = guest_reader()
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Troll", reader=writer, guest_email="t@example.org")
    author_ban(comment=comment, moderator=moderator, reason="Trolling")
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread, body="Troll again", reader=writer)


def test_moderator_edit_shows_a_note_and_feature_puts_it_first(moderator, client):
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Good point, idiot", reader=guest_reader())
    comment_moderator_edit(comment=comment, moderator=moderator, body="Good point", note="Insult removed")
    comment_feature(comment=comment, moderator=moderator)
    page = client.get(thread.article.get_absolute_url()).content.decode()
    assert "Edited by a moderator: Insult removed" in page
    assert page.index("Featured") < page.index("Good point")


def test_the_moderators_group_made_by_the_migration_can_moderate(django_user_model):
    from django.contrib.auth.models import Group

    user = user_factory()
    user.groups.add(Group.objects.get(name="Moderators"))
    assert django_user_model.objects.get(pk=user.pk).has_perm("discussion.moderate_comment")


@pytest.mark.django_db(transaction=True)
def test_a_held_comment_is_announced_by_email_only_once_approved(smtp):
    from tribune.discussion.comments.tests.factories import registered_reader
    from tribune.discussion.notifications.services.subscriptions import subscription_create

    ModerationSettings.objects.create(mode="pre")
    thread = thread_factory()
    follower = registered_reader(user_factory("Fola Reader", email="fola@example.org"))
    subscription_create(thread=thread, reader=follower, kinds=["thread"])
    held = comment_post(thread=thread, body="Held for review", reader=guest_reader(), guest_name="Gus")
    assert smtp.messages == []
    comment_approve(comment=held, moderator=moderator_factory())
    [message] = smtp.wait_for(1)
    assert message.envelope_to == ["fola@example.org"]
    assert "Held for review" in message.get_body(preferencelist=("plain",)).get_content()


def test_an_authors_record_counts_each_comment_once_however_often_it_was_reported(moderator):
    ModerationSettings.objects.create(report_threshold=100)
    thread = thread_factory()
    author = guest_reader()
    reported = comment_post(thread=thread, body="Reported three times", reader=author, guest_name="Au")
    comment_post(thread=thread, body="Never reported", reader=author, guest_name="Au")
    for reason in ("spam", "abuse", "hate"):
        comment_report(comment=reported, reader=guest_reader(), reason=reason)
    [item] = moderation_queue(queue="reported")
    assert (item.record.approved, item.record.rejected, item.record.reports) == (2, 0, 3)
