"""Readers' reports: one person cannot hide what others read, however many keys or reports."""

import threading

import pytest
from django.db import close_old_connections, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from tribune.core.ratelimit import RateLimitedError
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.selectors import comment_section
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import (
    guest_reader,
    moderator_factory,
    registered_reader,
    thread_factory,
    user_factory,
)
from tribune.discussion.moderation.models import ModerationSettings, Report
from tribune.discussion.moderation.selectors import moderation_queue, queue_counts
from tribune.discussion.moderation.services.decisions import (
    ReportDuplicateError,
    comment_approve,
    comment_report,
)


@pytest.mark.django_db
class TestCommentReport:
    def test_reports_with_fresh_guest_keys_from_one_address_do_not_hide_a_comment(self):
        thread = thread_factory()
        comment = comment_post(thread=thread, body="An unpopular opinion", reader=guest_reader())
        for reason in ("spam", "abuse", "hate", "other"):
            comment_report(comment=comment, reader=guest_reader("one-connection"), reason=reason)
        comment.refresh_from_db()
        assert comment.status == Comment.Status.VISIBLE
        assert comment_section(thread=thread).total == 1
        # Every report still reaches the moderators, with its reason.
        assert Report.objects.filter(comment=comment).count() == 4
        [item] = moderation_queue(queue="reported")
        assert item.comment == comment and len(item.reasons) == 4

    def test_reports_from_the_thresholds_number_of_connections_hide_a_comment(self):
        thread = thread_factory()
        comment = comment_post(thread=thread, body="Truly nasty", reader=guest_reader())
        for n in range(3):
            comment_report(comment=comment, reader=guest_reader(f"connection-{n}"), reason="abuse")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
        assert comment.moderation_reason == "Reported by 3 readers"
        assert comment_section(thread=thread).total == 0

    def test_a_registered_reader_reports_once_from_any_connection(self):
        comment = comment_post(thread=thread_factory(), body="Hmm", reader=guest_reader())
        user = user_factory()
        comment_report(comment=comment, reader=Reader(user=user, address_hash="home"), reason="spam")
        with pytest.raises(ReportDuplicateError):
            comment_report(comment=comment, reader=Reader(user=user, address_hash="office"), reason="spam")
        assert Report.objects.count() == 1

    def test_a_report_without_a_known_connection_reaches_the_moderators_but_never_hides(self):
        ModerationSettings.objects.create(report_threshold=1)
        comment = comment_post(thread=thread_factory(), body="Hmm", reader=guest_reader())
        comment_report(comment=comment, reader=Reader(guest_key="k" * 43), reason="spam")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.VISIBLE
        assert [item.comment for item in moderation_queue(queue="reported")] == [comment]

    def test_a_comment_a_moderator_kept_is_not_hidden_again_by_one_more_report(self):
        comment = comment_post(thread=thread_factory(), body="Fair criticism", reader=guest_reader())
        for n in range(3):
            comment_report(comment=comment, reader=guest_reader(f"first-wave-{n}"), reason="abuse")
        comment_approve(comment=comment, moderator=moderator_factory())
        # The same connections, with new keys, count for nothing; new ones start from zero.
        for n in range(3):
            comment_report(comment=comment, reader=guest_reader(f"first-wave-{n}"), reason="abuse")
        comment_report(comment=comment, reader=guest_reader("someone-new"), reason="abuse")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.VISIBLE
        for n in range(2):
            comment_report(comment=comment, reader=guest_reader(f"second-wave-{n}"), reason="abuse")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING

    @override_settings(DISCUSSION_REPORT_RATE=(3, 3600))
    def test_a_connection_reporting_past_the_rate_is_refused_and_the_report_not_kept(self):
        thread = thread_factory()
        comments = [comment_post(thread=thread, body=f"Comment {n}", reader=guest_reader()) for n in range(4)]
        for comment in comments[:3]:
            comment_report(comment=comment, reader=guest_reader("busy-connection"), reason="spam")
        with pytest.raises(RateLimitedError) as refused:
            comment_report(comment=comments[3], reader=guest_reader("busy-connection"), reason="spam")
        assert refused.value.retry_after >= 1
        assert not Report.objects.filter(comment=comments[3]).exists()
        # Another connection is not held back.
        comment_report(comment=comments[3], reader=guest_reader("another-connection"), reason="spam")

    def test_when_only_signed_in_readers_may_hide_guests_reports_only_reach_the_moderators(self):
        ModerationSettings.objects.create(report_threshold=2, reports_hide_from="signed_in")
        comment = comment_post(thread=thread_factory(), body="Contested", reader=guest_reader())
        for n in range(5):
            comment_report(comment=comment, reader=guest_reader(f"guest-{n}"), reason="abuse")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.VISIBLE
        assert queue_counts()["reported"] == 1
        for _n in range(2):
            comment_report(comment=comment, reader=registered_reader(), reason="abuse")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING

    def test_when_only_trusted_readers_may_hide_new_accounts_reports_do_not_count(self):
        ModerationSettings.objects.create(report_threshold=2, reports_hide_from="trusted", trust_after=2)
        thread = thread_factory()
        comment = comment_post(thread=thread, body="Contested", reader=guest_reader())
        for _n in range(3):
            comment_report(comment=comment, reader=registered_reader(), reason="abuse")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.VISIBLE
        # Readers with approved comments and none rejected are trusted, as for pre-moderation.
        for n in range(2):
            trusted = registered_reader()
            for k in range(2):
                comment_post(thread=thread, body=f"Considered view {n}.{k}", reader=trusted)
            comment_report(comment=comment, reader=trusted, reason="abuse")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_reports_sent_at_once_from_one_address_with_fresh_keys_count_once():
    ModerationSettings.objects.create(report_threshold=2)
    comment = comment_post(thread=thread_factory(), body="Targeted", reader=guest_reader())
    readers = [guest_reader("one-connection") for _ in range(12)]
    barrier = threading.Barrier(12)
    failures = []

    def report(reader):
        try:
            barrier.wait()
            comment_report(comment=Comment.objects.get(pk=comment.pk), reader=reader, reason="spam")
        except Exception as exc:  # collected and asserted below
            failures.append(exc)
        finally:
            close_old_connections()
            connections.close_all()

    workers = [threading.Thread(target=report, args=(reader,)) for reader in readers]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert Report.objects.filter(comment=comment).count() == 12
    assert Report.objects.filter(comment=comment, counted=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_reports_made_before_addresses_were_kept_still_count_once_each():
    before, after = ("discussion", "0011_comment_partial_indexes"), ("discussion", "0012_report_addresses")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([before])
        old = MigrationExecutor(connection).loader.project_state([before]).apps
        thread = old.get_model("discussion", "Thread").objects.create(url="https://example.org/a")
        comment = old.get_model("discussion", "Comment").objects.create(thread=thread, body="Old news")
        for n in range(2):
            old.get_model("discussion", "Report").objects.create(comment_id=comment.pk, reporter=f"g:{n}",
                                                                 reason="spam")
        old.get_model("discussion", "Comment").objects.filter(pk=comment.pk).update(reports_count=2)
        MigrationExecutor(connection).migrate([after])
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert list(Report.objects.values_list("address_hash", "counted")) == [("", True), ("", True)]
    # With the two old reports, one new connection reaches the default threshold of three.
    comment = Comment.objects.get(pk=comment.pk)
    comment_report(comment=comment, reader=guest_reader("a-new-connection"), reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
