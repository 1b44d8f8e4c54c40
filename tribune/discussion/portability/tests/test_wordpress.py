import pytest

from tribune.discussion.comments.models import Comment, Thread
from tribune.newsroom.services.articles import article_create

from .helpers import by_import_id, import_fixture

pytestmark = pytest.mark.django_db


class TestWordPressSamples:
    def test_nesting_three_deep_with_roots(self, fixtures_dir, tmp_path):
        import_fixture("wordpress", fixtures_dir / "wordpress/isso-wordpress.xml", tmp_path)
        c = by_import_id("wordpress")
        assert c["7"].parent == c["6"] and c["8"].parent == c["7"] and c["9"].parent == c["7"]
        assert {c[i].root_id for i in ("6", "7", "8", "9")} == {c["6"].pk}
        assert c["10"].body_html == (
            "<p>When you have a comment with multiple lines:<br>\nWordPress exports it like this.</p>"
        )
        assert c["2"].guest_email == "test@example.org"

    def test_repeated_comment_id_is_reported_not_doubled(self, fixtures_dir, tmp_path):
        _, problems = import_fixture("wordpress", fixtures_dir / "wordpress/isso-wordpress.xml", tmp_path)
        assert Comment.objects.filter(import_id="11").count() == 1
        assert any(p["item"] == "11" and "twice" in p["reason"] for p in problems)

    @pytest.mark.parametrize("name", ["valid-wxr-1.0.xml", "valid-wxr-1.1.xml", "small-export.xml"])
    def test_every_wxr_version_reads(self, fixtures_dir, tmp_path, name):
        summary, _ = import_fixture("wordpress", fixtures_dir / "wordpress" / name, tmp_path)
        assert Comment.objects.count() == 1
        assert "1 comment" in summary

    def test_backslashes_are_kept(self, fixtures_dir, tmp_path):
        import_fixture("wordpress", fixtures_dir / "wordpress/slashes.xml", tmp_path)
        assert Comment.objects.get().body == "\\o/ ¯\\_(ツ)_/¯"

    # malformed.xml has nothing readable at all: test_recovery.py checks that it is refused.
    @pytest.mark.parametrize("name", ["crazy-cdata.xml", "namespace-edge-cases.xml"])
    def test_broken_files_are_reported_not_raised(self, fixtures_dir, tmp_path, name):
        summary, problems = import_fixture("wordpress", fixtures_dir / "wordpress" / name, tmp_path)
        assert any(p["kind"] == "xml" and "line" in p["reason"] for p in problems)
        assert "skipped:" in summary

    def test_comments_attach_to_the_article_with_the_same_slug(self, fixtures_dir, tmp_path):
        article = article_create(headline="Test", body="Text", slug="test", status="published")
        import_fixture("wordpress", fixtures_dir / "wordpress/isso-wordpress.xml", tmp_path)
        thread = Thread.objects.get(article=article)
        assert thread.comments.count() == 7
        assert thread.url is None

    def test_posts_become_articles_when_asked(self, fixtures_dir, tmp_path):
        from tribune.newsroom.models import Article

        import_fixture("wordpress", fixtures_dir / "wordpress/small-export.xml", tmp_path,
                       "--create-articles")
        slugs = set(Article.objects.values_list("slug", flat=True))
        assert "hello-world" in slugs
        hello = Article.objects.get(slug="hello-world")
        assert hello.thread.comments.count() == 1
