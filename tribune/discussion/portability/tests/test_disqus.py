from datetime import UTC, datetime

import pytest

from tribune.discussion.comments.models import Comment, Thread

from .helpers import by_import_id, import_fixture

pytestmark = pytest.mark.django_db


class TestDisqusSample:
    @pytest.fixture
    def imported(self, fixtures_dir, tmp_path):
        return import_fixture("disqus", fixtures_dir / "disqus/isso-disqus.xml", tmp_path)

    def test_threads_are_created_by_url(self, imported):
        urls = set(Thread.objects.values_list("url", flat=True))
        assert urls == {"http://example.org/", "http://localhost:4000/blog/2013/02/12/redacted/index.html"}
        assert Thread.objects.get(url="http://example.org/").title == "Hello, World!"

    def test_posts_keep_parents_authors_dates_and_deletion(self, imported):
        posts = by_import_id("disqus")
        assert set(posts) == {"4", "5", "8", "9", "11"}
        assert posts["5"].parent == posts["4"] and posts["5"].root == posts["4"]
        assert posts["4"].root == posts["4"]
        assert posts["5"].guest_name == "user" and posts["5"].guest_email == "foo@bar.com"
        assert posts["5"].created_at == datetime(2013, 10, 11, 6, 51, 33, tzinfo=UTC)
        assert posts["9"].status == Comment.Status.DELETED and posts["9"].body_html == ""
        assert posts["11"].parent == posts["9"]
        assert posts["5"].body_html == "<p>Hello, World.</p>"

    def test_orphans_and_linkless_threads_are_reported(self, imported):
        summary, problems = imported
        reasons = {(p["kind"], p["item"]): p["reason"] for p in problems}
        assert "not in the file" in reasons[("comment", "6")]
        assert "without a <link>" in reasons[("thread", "3")]
        assert "skipped: 1 comment, 1 thread" in summary

    def test_touched_threads_are_bumped(self, imported):
        assert Thread.objects.get(url="http://example.org/").version >= 1
