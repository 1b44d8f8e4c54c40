"""A thread keeps the count of its published comments: every count on the site reads it, so every
way a comment appears, leaves or comes back must leave it equal to the comments readers see."""

import pytest

from tribune.discussion.comments.models import Comment, Thread
from tribune.discussion.comments.selectors import comment_counts, comment_section
from tribune.discussion.comments.services import comment_delete, comment_edit, comment_post
from tribune.discussion.comments.services.privacy import author_data_erase
from tribune.discussion.comments.tests.factories import guest_reader, moderator_factory, thread_factory
from tribune.discussion.moderation.models import ModerationSettings
from tribune.discussion.moderation.services.decisions import (
    comment_approve,
    comment_reject,
    comment_report,
    comments_moderate,
)
from tribune.discussion.portability.tests.helpers import import_fixture

pytestmark = pytest.mark.django_db

TWENTY_LINKS = "Deals! " + " ".join(f"https://shop{n}.example/offer" for n in range(20))


def shown(thread: Thread) -> int:
    """The comments a reader of the thread sees, counted from the comments themselves."""
    return Comment.objects.filter(thread=thread, status=Comment.Status.VISIBLE).count()


def assert_counts_true(thread: Thread) -> None:
    thread.refresh_from_db()
    expected = shown(thread)
    assert thread.published_count == expected
    assert comment_counts(threads=[thread]) == {thread.pk: expected}
    if thread.article_id:
        assert comment_counts(article_ids=[thread.article_id]) == {thread.article_id: expected}
    assert comment_section(thread=thread).total == expected


def test_the_count_follows_every_way_a_comment_comes_and_goes():
    moderator = moderator_factory()
    thread = thread_factory()
    writer, other = guest_reader(), guest_reader()
    first = comment_post(thread=thread, body="First", reader=writer)
    reply = comment_post(thread=thread, body="A reply", reader=other, parent_id=first.pk)
    assert_counts_true(thread)
    assert comment_counts(threads=[thread])[thread.pk] == 2

    # Held for review, then approved; held again and rejected.
    rules = ModerationSettings.objects.create(mode="pre")
    held = comment_post(thread=thread, body="Waiting", reader=guest_reader())
    assert held.status == Comment.Status.PENDING
    assert_counts_true(thread)
    comment_approve(comment=held, moderator=moderator)
    assert_counts_true(thread)
    assert comment_counts(threads=[thread])[thread.pk] == 3
    refused = comment_post(thread=thread, body="Also waiting", reader=guest_reader())
    comment_reject(comment=refused, moderator=moderator)
    assert_counts_true(thread)
    rules.mode, rules.report_threshold = "post", 1
    rules.save()

    # Reported until hidden; taken down in bulk; deleted by its author.
    comment_report(comment=reply, reader=guest_reader(), reason="abuse")
    assert Comment.objects.get(pk=reply.pk).status == Comment.Status.PENDING
    assert_counts_true(thread)
    assert comment_counts(threads=[thread])[thread.pk] == 2
    batch = [comment_post(thread=thread, body=f"Batch {n}", reader=guest_reader()).pk for n in range(3)]
    assert comment_counts(threads=[thread])[thread.pk] == 5
    comments_moderate(comment_ids=batch, action="spam", moderator=moderator)
    assert_counts_true(thread)
    comment_delete(comment=first, reader=writer)
    assert_counts_true(thread)

    # An edit that sends a comment back to review leaves the count; erasing an author's data too.
    mine = guest_reader()
    edited = comment_post(thread=thread, body="Harmless", reader=mine)
    assert_counts_true(thread)
    comment_edit(comment=edited, reader=mine, body=TWENTY_LINKS)
    assert_counts_true(thread)
    erased = comment_post(thread=thread, body="Forget me", reader=guest_reader(), guest_email="me@example.org",
                          guest_name="Me")
    assert comment_counts(threads=[thread])[thread.pk] == 2
    author_data_erase(email="me@example.org")
    assert Comment.objects.get(pk=erased.pk).status == Comment.Status.DELETED
    assert_counts_true(thread)
    assert comment_counts(threads=[thread])[thread.pk] == 1


def test_imported_threads_count_their_published_comments(fixtures_dir, tmp_path):
    import_fixture("disqus", fixtures_dir / "disqus/isso-disqus.xml", tmp_path)
    threads = list(Thread.objects.all())
    assert threads and sum(shown(t) for t in threads) > 0
    for thread in threads:
        assert_counts_true(thread)
    # Imported again: nothing new, the same counts.
    import_fixture("disqus", fixtures_dir / "disqus/isso-disqus.xml", tmp_path)
    for thread in threads:
        assert_counts_true(thread)
