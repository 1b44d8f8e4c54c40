"""Files with every oddity of point 2: what is recoverable is stored, the rest is reported."""

import time
from datetime import UTC, datetime

import pytest
from django.core.management.base import CommandError

from tribune.discussion.comments.models import Comment, Thread

from .generate import NINETEEN, disqus_xml, wxr
from .helpers import by_import_id, import_fixture

pytestmark = pytest.mark.django_db


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestDisqusOddities:
    @pytest.fixture
    def result(self, tmp_path):
        threads = [
            {"id": "1", "link": "https://news.example.org/a/"},
            {"id": "2", "link": "https://news.example.org/b"},
            # The same page twice under another id, and the same id twice.
            {"id": "3", "link": "https://news.example.org/a#comments"},
            {"id": "1", "link": "https://news.example.org/elsewhere"},
            {"link": "https://news.example.org/no-id"},
        ]
        posts = [
            {"id": NINETEEN, "thread": "1", "date": "2019-03-04 05:06:07"},
            {"id": "20", "thread": "1", "parent": NINETEEN, "date": "Mon, 04 Mar 2019 06:00:00 +0100"},
            {"id": "21", "thread": "3", "parent": "20", "date": "1551679200"},
            {"id": "22", "thread": "1", "parent": "999", "date": "yesterday-ish"},
            {"id": "23", "thread": "2", "parent": "20"},
            {"id": "24", "thread": "1", "parent": "25"},
            {"id": "25", "thread": "1", "parent": "24"},
            {"thread": "1"},
            {"id": "26", "thread": "1", "spam": True},
            {"id": "27", "thread": "1", "message": "<script>alert(1)</script>"},
            {"id": "28", "thread": "1", "message": '<a href="javascript:alert(1)" onclick="x()">'
                                                   "<b>hi</b></a><img src=x onerror=alert(1)>"},
        ]
        path = _write(tmp_path, "odd.xml", disqus_xml(threads, posts))
        return import_fixture("disqus", path, tmp_path)

    def test_nineteen_digit_ids_keep_every_digit(self, result):
        assert Comment.objects.filter(import_source="disqus", import_id=NINETEEN).exists()

    def test_odd_dates_are_read_and_unreadable_ones_reported(self, result):
        c = by_import_id("disqus")
        assert c[NINETEEN].created_at == datetime(2019, 3, 4, 5, 6, 7, tzinfo=UTC)
        assert c["20"].created_at == datetime(2019, 3, 4, 5, 0, tzinfo=UTC)
        assert c["21"].created_at == datetime(2019, 3, 4, 6, 0, tzinfo=UTC)
        _, problems = result
        assert any(p["item"] == "22" and "unreadable date" in p["reason"] for p in problems)

    def test_duplicate_threads_share_one_thread(self, result):
        c = by_import_id("disqus")
        assert c["21"].thread_id == c["20"].thread_id
        assert Thread.objects.filter(url="https://news.example.org/a").count() == 1
        assert not Thread.objects.filter(url="https://news.example.org/elsewhere").exists()

    def test_parents_that_point_nowhere_or_elsewhere_or_in_circles_become_top_level(self, result):
        c = by_import_id("disqus")
        assert c["21"].parent == c["20"] and c["21"].root == c[NINETEEN]
        for orphan in ("22", "23", "24", "25"):
            assert c[orphan].parent is None and c[orphan].root == c[orphan]
        _, problems = result
        reasons = " ".join(p["reason"] for p in problems)
        assert "999 is not in the file" in reasons
        assert "another thread" in reasons and "loops" in reasons
        assert "without a dsq:id" in reasons

    def test_spam_is_kept_as_spam(self, result):
        assert by_import_id("disqus")["26"].status == Comment.Status.SPAM

    def test_script_is_never_stored_as_html(self, result):
        c = by_import_id("disqus")
        # Nothing but a script is nothing at all: reported, not stored.
        assert "27" not in c
        _, problems = result
        assert any(p["item"] == "27" and "no text left" in p["reason"] for p in problems)
        html = c["28"].body_html
        assert "javascript:" not in html and "onerror" not in html and "onclick" not in html
        assert "<img" not in html and ">hi<" in html


class TestBrokenFiles:
    def test_invalid_xml_mid_file_keeps_what_came_before(self, tmp_path):
        text = disqus_xml([{"id": "1", "link": "https://x.example/p"}],
                          [{"id": "1"}, {"id": "2"}]).replace("</post>", "</pots>", 1)
        path = _write(tmp_path, "broken.xml", text)
        summary, problems = import_fixture("disqus", path, tmp_path)
        assert any(p["kind"] == "xml" for p in problems)

    def test_entity_bomb_is_not_expanded(self, tmp_path):
        bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
                          for p, n in zip("abcdefgh", "bcdefghi", strict=True))
                + ']><disqus><thread><link>https://x.example/</link></thread>'
                '<post><message>&i;</message></post></disqus>')
        path = _write(tmp_path, "bomb.xml", bomb)
        started = time.monotonic()
        with pytest.raises(CommandError, match="entity"):
            import_fixture("disqus", path, tmp_path)
        assert time.monotonic() - started < 5
        assert Comment.objects.count() == 0 and Thread.objects.count() == 0

    def test_wrong_format_is_one_clear_error_and_stores_nothing(self, tmp_path, fixtures_dir):
        with pytest.raises(CommandError, match="not a Disqus export"):
            import_fixture("disqus", fixtures_dir / "commento/commento.json", tmp_path)
        with pytest.raises(CommandError, match="not a WordPress export"):
            import_fixture("wordpress", fixtures_dir / "disqus/isso-disqus.xml", tmp_path)
        assert Comment.objects.count() == 0 and Thread.objects.count() == 0


class TestWordPressOddities:
    @pytest.fixture
    def result(self, tmp_path):
        comments = [
            {"id": "1", "approved": "1", "content": "First\n\nSecond paragraph"},
            {"id": "2", "approved": "0", "parent": "1"},
            {"id": "3", "approved": "spam"},
            {"id": "4", "approved": "trash"},
            {"id": "5", "type": "pingback", "content": "pinged"},
            {"id": "6", "type": "trackback"},
            {"id": "7", "approved": "weird"},
            {"id": "8", "date_gmt": "0000-00-00 00:00:00", "date": "2018-01-02 03:04:05"},
            {"id": "9", "meta": {"wpdiscuz_votes_seperate": 'a:2:{s:4:"like";i:5;s:7:"dislike";i:2;}'}},
            {"id": "10", "meta": {"wpdiscuz_votes": "-3"}},
            {"id": "11", "meta": {"wpdiscuz_feedback_form_id": "12",
                                   "wpdiscuz_last_edited_at": "1600000000"}},
            {"id": "12", "content": '<p onclick="steal()">x</p><iframe src="//evil"></iframe>'},
        ]
        path = _write(tmp_path, "wp.xml", wxr([{"post_id": "7", "link": "https://blog.example/p/",
                                              "comments": comments}], version="1.1"))
        return import_fixture("wordpress", path, tmp_path)

    def test_statuses_map(self, result):
        c = by_import_id("wordpress")
        assert c["1"].status == "visible" and c["2"].status == "pending"
        assert c["3"].status == "spam" and c["4"].status == "rejected" and c["7"].status == "pending"
        assert c["1"].body_html == "<p>First</p><p>Second paragraph</p>"

    def test_pings_are_skipped_by_default_and_reported(self, result):
        assert not Comment.objects.filter(import_id__in=["5", "6"]).exists()
        _, problems = result
        assert {p["kind"] for p in problems} >= {"pingback", "trackback"}

    def test_zero_gmt_date_falls_back_to_local_date(self, result):
        assert by_import_id("wordpress")["8"].created_at == datetime(2018, 1, 2, 3, 4, 5, tzinfo=UTC)

    def test_wpdiscuz_votes_become_counts(self, result):
        c = by_import_id("wordpress")
        assert (c["9"].upvotes, c["9"].downvotes, c["9"].score) == (5, 2, 3)
        assert (c["10"].upvotes, c["10"].downvotes, c["10"].score) == (0, 3, -3)

    def test_inline_feedback_meta_is_reported_and_the_edit_time_kept(self, result):
        edited = by_import_id("wordpress")["11"].edited_at
        assert edited == datetime(2020, 9, 13, 12, 26, 40, tzinfo=UTC)
        _, problems = result
        assert any(p["kind"] == "inline feedback" and p["item"] == "11" for p in problems)

    def test_event_handlers_and_frames_are_removed(self, result):
        html = by_import_id("wordpress")["12"].body_html
        assert "onclick" not in html and "iframe" not in html

    def test_pings_kept_apart_when_asked(self, tmp_path):
        path = _write(tmp_path, "p.xml", wxr([{"post_id": "1", "link": "https://blog.example/q",
                                              "comments": [{"id": "5", "type": "pingback"}]}]))
        import_fixture("wordpress", path, tmp_path, "--pings=keep")
        ping = Comment.objects.get(import_id="5")
        assert ping.import_source == "wordpress-ping"


class TestWpDiscuzInlineFeedback:
    def test_a_marked_passage_and_its_feedback_become_a_passage_with_comments(self, tmp_path):
        from tribune.discussion.comments.anchoring import text_of_html
        from tribune.discussion.comments.models import Anchor
        from tribune.newsroom.models import Article

        content = ('<p>The council met on Monday. [wpdiscuz-feedback id="q1x9" question="Was the vote fair?" '
                   'opened="0"]The vote was 5 to 4 in favour.[/wpdiscuz-feedback] Residents left early.</p>')
        comments = [{"id": "1", "content": "Not fair at all", "meta": {"wpdiscuz_feedback_form_id": "3"}},
                    {"id": "2", "content": "About the whole story"}]
        path = _write(tmp_path, "fb.xml", wxr([{"post_id": "9", "link": "https://blog.example/council/",
                                              "slug": "council", "title": "Council", "content": content,
                                              "status": "publish", "comments": comments}]))
        import_fixture("wordpress", path, tmp_path, "--create-articles")
        article = Article.objects.get(slug="council")
        assert "wpdiscuz" not in article.body and "The vote was 5 to 4" in article.body
        anchor = Anchor.objects.get()
        assert (anchor.exact, anchor.question, anchor.state) == (
            "The vote was 5 to 4 in favour.", "Was the vote fair?", "anchored")
        assert text_of_html(article.body_html)[anchor.start:anchor.end] == anchor.exact
        c = by_import_id("wordpress")
        assert c["1"].anchor == anchor and c["2"].anchor is None
        # Importing again adds nothing.
        import_fixture("wordpress", path, tmp_path, "--create-articles")
        assert Anchor.objects.count() == 1 and Comment.objects.filter(anchor=anchor).count() == 1
