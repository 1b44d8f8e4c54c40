"""Posting in its own transaction, as a server posts: what is stored, what is rolled back, and
on PostgreSQL how many times the process waits for the database (core.db.pipeline)."""

import tempfile

import psycopg
import pytest
from django.db import IntegrityError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tribune.core.ratelimit import RateLimitedError
from tribune.core.tasks_backend import DatabaseBackend
from tribune.discussion.comments.models import Comment, Thread
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader, thread_factory
from tribune.newsroom.models import Article, PageCacheGeneration

pytestmark = pytest.mark.django_db(transaction=True)

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's protocol")
# The production backend: the notification's task is a row written in the post's transaction
# (the test settings' immediate backend would run the task inside the post).
TASKS_IN_DATABASE = {"default": {"BACKEND": "tribune.core.tasks_backend.DatabaseBackend", "QUEUES": []}}


def _waits(trace: str) -> int:
    """Return the times the client asked the server for answers and waited: a simple query, or
    a Sync or Flush of the extended protocol (a Sync followed by a Flush is one wait)."""
    waits = 0
    previous = ""
    for line in trace.splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or parts[0] != "F":
            previous = ""
            continue
        message = parts[2].strip()
        if message == "Query" or (message in ("Sync", "Flush") and previous not in ("Sync", "Flush")):
            waits += 1
        previous = message
    return waits


def _traced(function):
    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    with tempfile.TemporaryFile() as out:
        pgconn.trace(out.fileno())
        pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS | psycopg.pq.Trace.REGRESS_MODE)
        try:
            result = function()
        finally:
            pgconn.untrace()
        out.seek(0)
        return result, out.read().decode()


class TestPostingTransaction:
    @on_postgresql
    @override_settings(TASKS=TASKS_IN_DATABASE)
    def test_a_post_does_not_wait_for_postgresql_once_per_statement(self):
        # Each wait is a round trip, and on a busy machine a wait for a core as well: nine in
        # the write transaction alone was the largest part of a post on PostgreSQL.
        thread = thread_factory()
        reader = guest_reader()
        comment_post(thread=thread, body="Warm the statements.", reader=reader, guest_name="Ana")
        comment, trace = _traced(lambda: comment_post(thread=thread, body="A second point.", reader=reader,
                                                       guest_name="Ana"))
        # The moderation checks' two reads (the repeat check, the flood count) together, then
        # BEGIN with the comment's key and the rate counts, and the rest with the thread's count
        # and COMMIT.
        assert _waits(trace) <= 3, trace
        assert '"COMMIT"' in trace
        assert Comment.objects.get(pk=comment.pk).root_id == comment.pk
        assert thread.published_count == 2

    def test_a_top_level_comment_is_written_once(self):
        # Its root is itself: the key drawn before the INSERT lets the INSERT write it, where an
        # UPDATE after it wrote the new row and every index of the table (the trigram ones of
        # the text among them) a second time.
        thread = thread_factory()
        reader = guest_reader()
        comment_post(thread=thread, body="Warm the statements.", reader=reader, guest_name="Ana")
        with CaptureQueriesContext(connection) as queries:
            comment = comment_post(thread=thread, body="Written once.", reader=reader, guest_name="Ana")
        sql = [q["sql"] for q in queries.captured_queries]
        assert sum(s.startswith('INSERT INTO "discussion_comment"') for s in sql) == 1, sql
        assert not [s for s in sql if s.startswith('UPDATE "discussion_comment"')], sql
        stored = Comment.objects.get(pk=comment.pk)
        assert stored.root_id == stored.pk and stored.body == "Written once."

    def test_a_drawn_key_is_never_one_given_before(self):
        # The key is drawn before the INSERT: a key whose row was removed is not handed out
        # again (SQLite's AUTOINCREMENT record, PostgreSQL's sequence).
        thread = thread_factory()
        gone = comment_post(thread=thread, body="Removed for good.", reader=guest_reader(), guest_name="Ana")
        Comment.objects.filter(pk=gone.pk).delete()
        comment = comment_post(thread=thread, body="The next one.", reader=guest_reader(), guest_name="Bo")
        stored = Comment.objects.get(pk=comment.pk)
        assert stored.pk > gone.pk and stored.root_id == stored.pk

    def test_a_reply_takes_its_parents_root_and_the_answer_counts_it(self):
        thread = thread_factory()
        top = comment_post(thread=thread, body="A point.", reader=guest_reader(), guest_name="Ana")
        reply = comment_post(thread=thread, body="An answer.", reader=guest_reader(), guest_name="Bo",
                             parent_id=top.pk)
        stored = Comment.objects.get(pk=reply.pk)
        assert stored.root_id == top.pk and stored.parent_id == top.pk
        assert thread.published_count == 2 == Thread.objects.get(pk=thread.pk).published_count

    def test_every_write_of_a_post_is_stored_together(self):
        thread = thread_factory()
        version = Thread.objects.get(pk=thread.pk).version
        generation = Article.objects.get(pk=thread.article_id).cache_generation
        lists = PageCacheGeneration.objects.get(pk=PageCacheGeneration.LISTS).value
        comment = comment_post(thread=thread, body="Stored with its counters.", reader=guest_reader(),
                               guest_name="Ana")
        stored = Comment.objects.get(pk=comment.pk)
        assert stored.status == Comment.Status.VISIBLE and stored.root_id == stored.pk
        assert Thread.objects.get(pk=thread.pk).version == version + 1
        assert Article.objects.get(pk=thread.article_id).cache_generation == generation + 1
        assert PageCacheGeneration.objects.get(pk=PageCacheGeneration.LISTS).value == lists + 1

    def test_the_list_counter_row_is_made_when_missing(self):
        # The upsert that replaced "update, else create" must still create the row.
        thread = thread_factory()
        PageCacheGeneration.objects.filter(pk=PageCacheGeneration.LISTS).delete()
        comment_post(thread=thread, body="First after a reset.", reader=guest_reader(), guest_name="Ana")
        assert PageCacheGeneration.objects.get(pk=PageCacheGeneration.LISTS).value == 1

    @override_settings(TASKS=TASKS_IN_DATABASE)
    def test_a_failure_after_the_insert_leaves_no_half_written_comment(self, monkeypatch):
        # The task's row is the transaction's last write; when it fails (here, a duplicate key),
        # the comment, its counters and its rate count go back with it, and the caller is told.
        thread = thread_factory()
        before = (Comment.objects.count(), Thread.objects.get(pk=thread.pk).version)
        fixed = "0" * 32
        monkeypatch.setattr(DatabaseBackend, "_get_id", lambda self: fixed)
        comment_post(thread=thread, body="The first takes the id.", reader=guest_reader(), guest_name="Ana")
        count = Comment.objects.count()
        with pytest.raises(IntegrityError):
            comment_post(thread=thread, body="The second collides.", reader=guest_reader(), guest_name="Bo")
        assert Comment.objects.count() == count == before[0] + 1
        assert not Comment.objects.filter(body="The second collides.").exists()
        assert Thread.objects.get(pk=thread.pk).version == before[1] + 1
        # The connection is usable again after the failure.
        monkeypatch.undo()
        comment_post(thread=thread, body="And the next one is stored.", reader=guest_reader(), guest_name="Cy")
        assert Comment.objects.filter(body="And the next one is stored.").exists()

    @override_settings(DISCUSSION_POST_RATE=(1, 60))
    def test_a_refused_post_rolls_back_and_keeps_the_count_at_the_limit(self):
        thread = thread_factory()
        reader = guest_reader()
        comment_post(thread=thread, body="One allowed.", reader=reader, guest_name="Ana")
        with pytest.raises(RateLimitedError):
            comment_post(thread=thread, body="One too many.", reader=reader, guest_name="Ana")
        assert list(Comment.objects.filter(thread=thread).values_list("body", flat=True)) == ["One allowed."]
