"""A million comments: the queues, a guest's record, the admin's list and its search read what
an index gives them, and nothing counts the whole table (bench/big_data.py measures the times)."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tribune.core import paginators
from tribune.discussion.comments.admin import CommentAdmin
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader, thread_factory
from tribune.discussion.moderation.selectors import moderation_queue

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")


def _plan(sql: str, params) -> str:
    """Return PostgreSQL's plan for a statement when reading the whole table is not an option:
    it names an index only if one can answer the statement."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return plan


def _held(thread, n=3):
    for i in range(n):
        comment_post(thread=thread, body=f"Held number {i}", reader=guest_reader(), guest_name="Ana",
                     guest_email=f"guest{i}@example.org")
    Comment.objects.filter(thread=thread).update(status=Comment.Status.PENDING)


@on_postgresql
def test_the_review_queue_does_not_read_every_comment():
    _held(thread_factory())
    with CaptureQueriesContext(connection) as queries:
        assert len(moderation_queue(queue="pending")) == 3
    listing = next(q["sql"] for q in queries if 'ORDER BY "discussion_comment"."created_at" DESC' in q["sql"])
    assert "comment_pending_time" in _plan(listing, None)


@on_postgresql
def test_a_guests_record_is_counted_by_an_index_on_their_email():
    _held(thread_factory())
    with CaptureQueriesContext(connection) as queries:
        moderation_queue(queue="pending")
    # The count of the author's comments (their reports are counted from the report table).
    record = next(q["sql"] for q in queries if '"guest_email" IN' in q["sql"] and "moderation_report" not in q["sql"])
    assert "comment_guest_email" in _plan(record, None)


@on_postgresql
def test_the_admins_comment_search_can_use_an_index(admin_client):
    thread = thread_factory()
    comment_post(thread=thread, body="The library by the bridge", reader=guest_reader(), guest_name="Ana")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:discussion_comment_changelist"), {"q": "library"})
    assert response.status_code == 200 and b"The library by the bridge" in response.content
    assert any("LIKE UPPER" in q["sql"] for q in queries)
    # The admin's test for one word, as Django writes it (icontains on each search field).
    matches = Comment.objects.filter(Q(body__icontains="library") | Q(guest_name__icontains="library"))
    plan = _plan(*matches.order_by().values("id").query.sql_with_params())
    assert "comment_body_trigram" in plan and "comment_guest_name_trigram" in plan


def test_the_admins_comment_list_never_counts_the_whole_table(admin_client, monkeypatch):
    # Django's admin counted every row (a million, or every match of a common word) on each view.
    monkeypatch.setattr(paginators, "COUNT_LIMIT", 3)
    thread = thread_factory()
    for i in range(5):
        comment_post(thread=thread, body=f"Comment number {i}", reader=guest_reader(), guest_name="Ana")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:discussion_comment_changelist"))
    assert response.status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "discussion_comment" in q["sql"]]
    # Three rows, and one more to know there are more.
    assert counts and all("LIMIT 4" in sql for sql in counts), counts
    assert b"more than 3 comments" in response.content
    # Newest first, by the primary key.
    assert response.content.index(b"Comment number 4") < response.content.index(b"Comment number 0")


def _searched(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:discussion_comment_changelist"), {"q": "library", **params})
    assert response.status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "discussion_comment" in q["sql"]]
    return response.content.decode(), counts


def test_a_search_for_a_common_word_counts_only_the_next_pages_and_says_more_than(admin_client, monkeypatch):
    # Counting every comment with a common word (400,000 of a million) took longer than the page;
    # now the search counts the pages it can offer next, and does not claim a total it never counted.
    monkeypatch.setattr(CommentAdmin, "list_per_page", 1)
    monkeypatch.setattr(paginators, "PAGES_AHEAD", 2, raising=False)
    thread = thread_factory()
    for i in range(8):
        comment_post(thread=thread, body=f"The library, comment {i}", reader=guest_reader(), guest_name="Ana")
    page, counts = _searched(admin_client)
    # Page 1 and the next 2, one row each, and one row more.
    assert counts and all("LIMIT 4" in sql for sql in counts), counts
    assert "more than 3 results" in page and "more than 3 comments" in page
    assert "8 results" not in page
    # Selecting "all" reaches every match: the list does not pretend to know how many.
    assert "Select all matching comments (more than 3)" in page
    assert 'href="?p=4&amp;q=library"' in page
    # Further on, the count reaches further.
    page, counts = _searched(admin_client, p=4)
    assert all("LIMIT 7" in sql for sql in counts), counts
    assert "more than 6 results" in page
    # Where every match was counted, the list says how many.
    page, _ = _searched(admin_client, p=7)
    assert "8 results" in page and "more than" not in page


@on_postgresql
def test_the_trigram_indexes_come_with_statistics_so_a_common_word_is_not_read_whole():
    # Created without ANALYZE, the indexes left the planner without statistics of their
    # expressions until autovacuum's next one: it took every word for a rare one and read all of
    # a common word's matches through the index before counting the first rows.
    from importlib import import_module

    migration = import_module("tribune.discussion.comments.migrations.0017_large_sites")
    thread = thread_factory()
    for i in range(30):
        comment_post(thread=thread, body=f"The library by the bridge, {i}", reader=guest_reader(),
                     guest_name="Ana")
    with connection.cursor() as cursor:
        # The foreign keys' deferred checks, so that the indexes can be made again in this transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        migration.trigram_indexes_drop(None, editor)
        migration.trigram_indexes_create(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'comment_body_trigram'")
        assert cursor.fetchone()[0] == 1
