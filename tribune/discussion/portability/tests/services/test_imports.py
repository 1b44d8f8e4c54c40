import pytest
from django.db import connection

from tribune.discussion.comments.models import Comment, Thread
from tribune.discussion.portability.errors import ImportFileError
from tribune.discussion.portability.records import CommentRecord, ThreadRecord
from tribune.discussion.portability.report import ImportReport
from tribune.discussion.portability.services.imports import comments_import

pytestmark = pytest.mark.django_db


def _records(count, *, fail_at=None):
    yield ThreadRecord(key="t", url="https://news.example.org/story")
    for i in range(count):
        if i == fail_at:
            raise ImportFileError("the file ends in the middle of a comment")
        yield CommentRecord(source="test", source_id=str(i), thread_key="t", body=f"comment {i}",
                            body_format="markdown", parent_source="test" if i else "",
                            parent_id=str(i - 1) if i else "")


class TestCommentsImport:
    def test_a_failure_late_in_the_file_leaves_the_database_as_it_was(self):
        with pytest.raises(ImportFileError):
            comments_import(records=_records(6000, fail_at=5500), report=ImportReport())
        assert Comment.objects.count() == 0 and Thread.objects.count() == 0

    def test_dry_run_stores_nothing_but_counts_everything(self):
        report = comments_import(records=_records(50), report=ImportReport(), dry_run=True)
        assert report.created["comment"] == 50
        assert Comment.objects.count() == 0

    def test_a_second_run_changes_nothing(self):
        comments_import(records=_records(30), report=ImportReport())
        before = list(Comment.objects.order_by("pk").values())
        version = Thread.objects.get().version
        report = comments_import(records=_records(30), report=ImportReport())
        assert report.created["comment"] == 0 and report.present["comment"] == 30
        assert list(Comment.objects.order_by("pk").values()) == before
        assert Thread.objects.get().version == version

    def test_deep_chains_get_their_root_across_batches(self):
        comments_import(records=_records(4500), report=ImportReport())
        first = Comment.objects.get(import_id="0")
        assert set(Comment.objects.values_list("root_id", flat=True)) == {first.pk}
        last = Comment.objects.get(import_id="4499")
        assert last.parent.import_id == "4498"

    def test_a_later_file_links_replies_to_comments_stored_before(self):
        comments_import(records=_records(3), report=ImportReport())
        more = [ThreadRecord(key="t", url="https://news.example.org/story"),
                CommentRecord(source="test", source_id="late", thread_key="t", body="reply",
                              parent_source="test", parent_id="2")]
        comments_import(records=iter(more), report=ImportReport())
        late = Comment.objects.get(import_id="late")
        assert late.parent.import_id == "2" and late.root.import_id == "0"

    def test_markdown_bodies_are_rendered_and_html_bodies_sanitized(self):
        records = [ThreadRecord(key="t", url="https://news.example.org/x"),
                   CommentRecord(source="s", source_id="1", thread_key="t", body="*hi*",
                                 body_format="markdown"),
                   CommentRecord(source="s", source_id="2", thread_key="t",
                                 body='<b onmouseover="x()">b</b><script>x()</script>',
                                 body_format="html")]
        comments_import(records=iter(records), report=ImportReport())
        assert Comment.objects.get(import_id="1").body_html == "<p><em>hi</em></p>\n"
        assert Comment.objects.get(import_id="2").body_html == "b"


def test_an_import_writes_its_top_level_comments_once():
    # Each row an UPDATE writes is written again with every index entry of it (on PostgreSQL the
    # text's trigrams too): giving a million comments their root after the INSERT doubled the
    # import's work. A top-level comment is now inserted with its root; only replies are linked.
    records = [ThreadRecord(key="t", url="https://news.example.org/story")]
    records += [CommentRecord(source="s", source_id=f"top{i}", thread_key="t", body=f"top {i}")
                for i in range(6)]
    records += [CommentRecord(source="s", source_id=f"reply{i}", thread_key="t", body=f"reply {i}",
                              parent_source="s", parent_id=f"top{i}") for i in range(3)]
    records.append(CommentRecord(source="s", source_id="deep", thread_key="t", body="deeper",
                                 parent_source="s", parent_id="reply0"))
    updated = []

    def count_updates(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        # Rows of the comments table written again (not a thread's count, whose UPDATE reads
        # the comments in a subquery).
        target = f"UPDATE {connection.ops.quote_name(Comment._meta.db_table)} "
        if sql.lstrip().upper().startswith(target.upper()):
            updated.append(context["cursor"].rowcount)
        return result

    with connection.execute_wrapper(count_updates):
        comments_import(records=iter(records), report=ImportReport())
    # The 4 replies linked to their parents, and at most the deeper one again for its root.
    assert 4 <= sum(updated) <= 5, updated
    stored = {c.import_id: c for c in Comment.objects.all()}
    assert all(stored[f"top{i}"].root_id == stored[f"top{i}"].pk for i in range(6))
    assert [stored[f"reply{i}"].root_id for i in range(3)] == [stored[f"top{i}"].pk for i in range(3)]
    assert stored["deep"].parent_id == stored["reply0"].pk and stored["deep"].root_id == stored["top0"].pk
