"""The one-row statements of core.rows give what the ORM gives, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tribune.core.rows import counter_increment, row_get, row_insert, row_update, rows_values
from tribune.discussion.comments.models import Comment, Thread
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader, thread_factory

pytestmark = pytest.mark.django_db


def _values(obj) -> list:
    return [getattr(obj, f.attname) for f in obj._meta.concrete_fields]


def test_row_get_reads_the_row_and_its_related_row_as_the_orm_does(django_assert_num_queries):
    thread = thread_factory()
    with django_assert_num_queries(1):
        got = row_get(Thread, related=("article",), pk=thread.pk)
        article = got.article
    expected = Thread.objects.select_related("article").get(pk=thread.pk)
    assert _values(got) == _values(expected)
    assert _values(article) == _values(expected.article)
    # Converted as the ORM converts: aware datetimes, booleans.
    assert got.created_at.tzinfo is not None and got.is_open is True
    assert got._state.adding is False and got._state.db == "default"


def test_row_get_without_a_match_or_a_related_row():
    thread = thread_factory()
    top = comment_post(thread=thread, body="First", reader=guest_reader(), guest_name="Ana")
    assert row_get(Thread, pk=thread.pk + 1000) is None
    assert row_get(Comment, pk=top.pk, thread_id=thread.pk + 1000) is None
    got = row_get(Comment, related=("parent",), pk=top.pk, thread_id=thread.pk)
    assert got.pk == top.pk and got.parent is None


def test_rows_values_with_since_leaves_out_older_rows():
    thread = thread_factory()
    reader = guest_reader()
    old = comment_post(thread=thread, body="Same words", reader=reader, guest_name="Ana",
                       created_at=timezone.now() - timedelta(days=3))
    assert Comment.objects.get(pk=old.pk).body_digest == old.body_digest
    rows = rows_values(Comment, ("id", "created_at"), body_digest=old.body_digest)
    assert rows == [(old.pk, old.created_at)]
    assert rows_values(Comment, ("id",), body_digest=old.body_digest,
                       since=("created_at", timezone.now() - timedelta(days=1))) == []


def test_row_insert_saves_like_save_and_sends_its_signals():
    thread = thread_factory()
    seen = []

    def pre(sender, instance, **kwargs):
        seen.append(("pre", instance.pk))

    def post(sender, instance, created, **kwargs):
        seen.append(("post", instance.pk, created))

    pre_save.connect(pre, sender=Comment)
    post_save.connect(post, sender=Comment)
    try:
        comment = row_insert(Comment(thread=thread, body="Hello", body_html="<p>Hello</p>",
                                     guest_name="Ana"))
    finally:
        pre_save.disconnect(pre, sender=Comment)
        post_save.disconnect(post, sender=Comment)
    assert comment.pk is not None
    assert seen == [("pre", None), ("post", comment.pk, True)]
    stored = Comment.objects.get(pk=comment.pk)
    assert _values(stored) == _values(comment)
    assert stored.created_at is not None and stored.status == Comment.Status.VISIBLE


def test_row_update_changes_only_the_named_fields():
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Hello", reader=guest_reader(), guest_name="Ana")
    when = timezone.now() - timedelta(days=2)
    assert row_update(Comment, comment.pk, created_at=when, guest_name="Zoë") == 1
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.created_at, stored.guest_name, stored.body) == (when, "Zoë", "Hello")
    assert row_update(Comment, comment.pk + 1000, guest_name="x") == 0


def test_the_task_backend_writes_the_row_the_worker_reads(settings):
    settings.TASKS = {"default": {"BACKEND": "tribune.core.tasks_backend.DatabaseBackend",
                                  "QUEUES": []}}
    from tribune.discussion.notifications.tasks import comment_announce_task

    result = comment_announce_task.enqueue(41)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.args_kwargs == {"args": [41], "kwargs": {}}
    assert row.task_path == comment_announce_task.module_path
    # The package's pre_save receiver ran: a task without a time to wait for runs at once.
    assert row.run_after is not None and row.status == "READY"
    assert list(DBTaskResult.objects.ready()) == [row]


def test_rows_values_reads_a_foreign_keys_row_through_a_join():
    thread = thread_factory()
    article = thread.article
    rows = rows_values(Thread, ("version", "article__status", "article__published_at"), pk=thread.pk)
    assert rows == [(thread.version, article.status, article.published_at)]
    page = Thread.objects.create(url="https://example.org/a-page", title="A page")
    # No article: the joined columns read as None.
    assert rows_values(Thread, ("url", "article__status"), pk=page.pk) == [("https://example.org/a-page", None)]


def test_counter_increment_adds_one_in_the_database():
    thread = thread_factory()
    before = Thread.objects.get(pk=thread.pk).version
    assert counter_increment(Thread, pk=thread.pk, field="version") == 1
    assert counter_increment(Thread, pk=thread.pk, field="version") == 1
    assert Thread.objects.get(pk=thread.pk).version == before + 2
    assert counter_increment(Thread, pk=thread.pk + 1000, field="version") == 0
