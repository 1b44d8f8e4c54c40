"""The statements of core.rows give what the ORM gives, on SQLite and PostgreSQL, and only the
hot paths they are for use them."""

import ast
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tribune.core import rows
from tribune.core.rows import (
    InsertRow,
    counter_increment,
    pks_reserve,
    row_get,
    row_insert,
    row_update,
    rows_insert,
    rows_values,
)
from tribune.discussion.comments.models import Comment, Thread, Vote
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


def test_a_row_written_without_its_task_result_is_the_row_enqueue_writes(settings):
    # A comment's announcement writes its task's row alone (enqueue_row): the worker must find
    # the same row as the package's enqueue() leaves, and run it the same way.
    settings.TASKS = {"default": {"BACKEND": "tribune.core.tasks_backend.DatabaseBackend",
                                  "QUEUES": []}}
    from tribune.discussion.notifications.tasks import comment_announce_task

    enqueued = DBTaskResult.objects.get(pk=comment_announce_task.enqueue(41).id)
    comment_announce_task.get_backend().enqueue_row(comment_announce_task, (41,))
    written = DBTaskResult.objects.exclude(pk=enqueued.pk).get()
    columns = [f.attname for f in DBTaskResult._meta.concrete_fields if f.attname not in ("id", "enqueued_at")]
    assert {c: getattr(written, c) for c in columns} == {c: getattr(enqueued, c) for c in columns}
    assert abs(written.enqueued_at - enqueued.enqueued_at) < timedelta(seconds=5)
    assert written.pk != enqueued.pk
    assert set(DBTaskResult.objects.ready()) == {enqueued, written}
    result = written.task_result
    assert (result.task.func, result.args, result.kwargs) == (comment_announce_task.func, [41], {})


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


def test_rows_insert_writes_the_rows_as_given_and_as_the_orm_reads_them():
    thread = thread_factory()
    written = datetime(2019, 3, 4, 5, 6, 7, 890000, tzinfo=UTC)
    before = timezone.now()
    added = rows_insert(Comment, [
        InsertRow(Comment, thread_id=thread.pk, body="Zoë’s first 😀", body_html="<p>x</p>",
                  created_at=written, upvotes=3, is_featured=True, status=Comment.Status.PENDING),
        Comment(thread=thread, body="An instance", body_html="<p>y</p>", created_at=written,
                edited_at=written + timedelta(days=1)),
    ])
    assert added == 2
    first, second = Comment.objects.filter(thread=thread).order_by("pk")
    # The time written is kept (save() would stamp "now"); a required time left unset is now.
    assert (first.created_at, second.created_at) == (written, written)
    assert first.updated_at >= before and second.edited_at == written + timedelta(days=1)
    assert (first.body, first.upvotes, first.is_featured, first.status, first.edited_at) == \
        ("Zoë’s first 😀", 3, True, Comment.Status.PENDING, None)
    # Defaults of the fields not given, as a new instance has them.
    assert (first.guest_name, first.reports_count, first.parent_id) == ("", 0, None)


def test_rows_insert_prepares_the_kinds_of_fields_the_orm_prepares():
    from django_tasks_db.models import DBTaskResult

    when = timezone.now()
    common = {"args_kwargs": {"args": [1, "ü"], "kwargs": {"x": None}}, "task_path": "a.b",
              "queue_name": "default", "backend_name": "default", "run_after": when,
              "exception_class_path": "", "traceback": ""}
    given = uuid.uuid4()
    assert rows_insert(DBTaskResult, [InsertRow(DBTaskResult, **common),
                                      InsertRow(DBTaskResult, id=given, **common)]) == 2
    stored = list(DBTaskResult.objects.all())
    # A key the database does not number gets its default for each row; JSON goes in as JSON.
    assert len({row.id for row in stored}) == 2 and given in {row.id for row in stored}
    assert all(row.args_kwargs == common["args_kwargs"] and row.worker_ids == [] for row in stored)
    assert all(row.run_after == when for row in stored)


def test_rows_insert_leaves_out_conflicting_rows_when_asked_and_counts_the_rest():
    comment = comment_post(thread=thread_factory(), body="Vote on me", reader=guest_reader(),
                           guest_name="Ana")
    votes = [Vote(comment=comment, voter="g:one", value=1), Vote(comment=comment, voter="g:two", value=-1)]
    assert rows_insert(Vote, votes, ignore_conflicts=True) == 2
    again = [Vote(comment=comment, voter="g:one", value=1), Vote(comment=comment, voter="g:three", value=1)]
    assert rows_insert(Vote, again, ignore_conflicts=True) == 1
    assert sorted(comment.votes.values_list("voter", flat=True)) == ["g:one", "g:three", "g:two"]
    assert rows_insert(Vote, []) == 0


REPO = Path(__file__).resolve().parents[3]
ROWS = "tribune.core.rows"


def _modules() -> dict[str, Path]:
    """Return every Python module of the project (its code, tests, scripts and benchmarks)."""
    found = {}
    for top in ("tribune", "bench", "scripts"):
        for path in sorted((REPO / top).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported_names(module: str, path: Path):
    """Yield every module name `module` imports, and every string it holds (import_module)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[:len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def test_only_the_hot_paths_named_in_core_rows_use_its_statements():
    users = {module for module, path in _modules().items() if module != ROWS and any(
        name == ROWS or name.startswith(ROWS + ".") for name in _imported_names(module, path))}
    assert sorted(users - set(rows.USERS)) == [], (
        "these modules build statements by hand outside the hot paths: use the ORM, or add the "
        "path to core.rows.USERS and its docstring, saying why it is hot")
    assert sorted(set(rows.USERS) - users) == [], "core.rows.USERS names modules that no longer use it"
    assert [module for module in rows.USERS if module not in rows.__doc__] == []


def test_no_module_but_core_rows_runs_a_batch_of_hand_built_statements():
    batches = [module for module, path in _modules().items() if module != ROWS and any(
        isinstance(node, ast.Attribute) and node.attr == "executemany"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))]
    assert batches == []


def test_reserved_keys_are_new_and_rows_inserted_with_them_keep_them():
    thread = thread_factory()
    earlier = comment_post(thread=thread, body="Before", reader=guest_reader(), guest_name="Ana")
    pks = pks_reserve(Comment, 3)
    assert pks == sorted(pks) and len(set(pks)) == 3 and min(pks) > earlier.pk
    rows = [InsertRow(Comment, id=pk, thread_id=thread.pk, body=f"Row {pk}", body_html="<p>x</p>",
                      created_at=earlier.created_at) for pk in pks]
    assert rows_insert(Comment, rows, with_pk=True) == 3
    assert set(Comment.objects.filter(body__startswith="Row ").values_list("pk", flat=True)) == set(pks)
    # The next comment posted gets a key of its own after them.
    later = comment_post(thread=thread, body="After", reader=guest_reader(), guest_name="Ana")
    assert later.pk > max(pks)
