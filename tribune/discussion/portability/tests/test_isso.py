import json
import sqlite3

import pytest

from tribune.discussion.comments.models import Comment, Thread

from .helpers import import_fixture

pytestmark = pytest.mark.django_db


def _isso_db(path):
    """An Isso database with Isso's own schema: threads, then comments with modes and likes."""
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
        CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
            created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR,
            author VARCHAR, email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0,
            dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL, notification INTEGER DEFAULT 0);
        INSERT INTO threads VALUES (1, '/2019/story/', 'Story'), (2, 'https://blog.example/x', 'X');
        INSERT INTO comments VALUES
          (1, 1, NULL, 1552000000.5, NULL, 1, '', 'Hello **there**', 'Ann', 'ann@example.org', '',
           3, 1, x'', 0),
          (1, 2, 1, 1552000100.0, 1552000200.0, 1, '', 'A reply <script>x()</script>', 'Bo', '', '',
           0, 0, x'', 0),
          (1, 3, NULL, 1552000300.0, NULL, 2, '', 'Waiting', 'Cy', '', '', 0, 0, x'', 0),
          (2, 4, NULL, 1552000400.0, NULL, 4, '', '', NULL, NULL, '', 0, 0, x'', 0),
          (2, 5, 4, 1552000500.0, NULL, 1, '', 'Under a deleted one', 'Di', '', '', 0, 0, x'', 0);
    """)
    db.commit()
    db.close()


class TestIssoJson:
    def test_generic_json_with_base_url(self, fixtures_dir, tmp_path):
        import_fixture("isso", fixtures_dir / "isso/generic.json", tmp_path,
                       "--base-url=https://news.example.org/")
        thread = Thread.objects.get(url="https://news.example.org/posts/0001")
        comment = thread.comments.get()
        assert comment.guest_name == "texas holdem"
        assert comment.body_html == "<p>Great men can't be ruled. by free online poker</p>\n"
        # Ids start at 0 in every thread, so both threads' comment 0 are kept.
        assert Comment.objects.filter(import_source="isso-json").count() == 2

    def test_an_imported_comment_counts_for_the_repeat_check(self, fixtures_dir, tmp_path):
        from tribune.discussion.comments.identity import Reader
        from tribune.discussion.comments.services import comment_post
        from tribune.discussion.comments.services.comments import CommentRejectedError

        import_fixture("isso", fixtures_dir / "isso/generic.json", tmp_path,
                       "--base-url=https://news.example.org/")
        comment = Comment.objects.filter(import_source="isso-json").first()
        # Imported as if just written, by a connection that now posts the same text again.
        from django.utils import timezone

        Comment.objects.filter(pk=comment.pk).update(address_hash="same-connection",
                                                     created_at=timezone.now())
        with pytest.raises(CommentRejectedError):
            comment_post(thread=comment.thread, body=comment.body, guest_name="Again",
                         reader=Reader(address_hash="same-connection"))

    def test_relative_addresses_without_base_url_are_reported(self, fixtures_dir, tmp_path):
        _, problems = import_fixture("isso", fixtures_dir / "isso/generic.json", tmp_path)
        assert Comment.objects.count() == 0
        assert any("--base-url" in p["reason"] for p in problems)

    def test_not_a_list_is_refused(self, tmp_path):
        from django.core.management.base import CommandError

        path = tmp_path / "x.json"
        path.write_text(json.dumps({"comments": []}))
        with pytest.raises(CommandError, match="Isso"):
            import_fixture("isso", path, tmp_path)


class TestIssoDatabase:
    def test_threads_comments_modes_and_votes(self, tmp_path):
        path = tmp_path / "comments.db"
        _isso_db(path)
        import_fixture("isso-sqlite", path, tmp_path, "--base-url=https://news.example.org")
        c = {x.import_id: x for x in Comment.objects.filter(import_source="isso")}
        assert c["1"].thread.url == "https://news.example.org/2019/story"
        assert c["1"].body_html == "<p>Hello <strong>there</strong></p>\n"
        assert (c["1"].upvotes, c["1"].downvotes) == (3, 1)
        assert c["2"].parent == c["1"] and c["2"].edited_at is not None
        assert "<script" not in c["2"].body_html
        assert c["3"].status == "pending" and c["4"].status == "deleted"
        assert c["5"].parent == c["4"] and c["5"].root == c["4"]
