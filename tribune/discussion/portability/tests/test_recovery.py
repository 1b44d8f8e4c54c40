"""Point 12: a broken export keeps what can be read, each repair is reported, and a file with
nothing readable is still refused whole."""

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from tribune.discussion.comments.models import Comment, Thread

from .generate import disqus_xml, wxr
from .helpers import by_import_id, import_fixture

pytestmark = pytest.mark.django_db

# The posts isso-disqus.xml (and so dirty-disqus.xml) has that can be imported.
SAMPLE_POSTS = {"4", "5", "8", "9", "11"}
THREAD_DATE = datetime(2012, 12, 12, 12, 12, 12, tzinfo=UTC)


def _write(tmp_path: Path, data: bytes, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _mends(problems: list[dict]) -> list[dict]:
    return [p for p in problems if p["kind"] == "xml"]


def _posts(count: int, **extra) -> list[dict]:
    return [{"id": str(i), "thread": "1", "message": f"<p>post {i} " + "words " * 30 + "</p>",
             **extra} for i in range(1, count + 1)]


THREADS = [{"id": "1", "link": "https://x.example/p", "date": "2016-05-04T03:02:01Z"}]


@pytest.fixture
def sample(fixtures_dir) -> bytes:
    return (fixtures_dir / "disqus/isso-disqus.xml").read_bytes()


class TestDirtyDisqusExport:
    @pytest.fixture
    def imported(self, fixtures_dir, tmp_path):
        return import_fixture("disqus", fixtures_dir / "disqus/dirty-disqus.xml", tmp_path)

    def test_every_post_the_clean_export_has_is_kept(self, imported):
        assert set(by_import_id("disqus")) == SAMPLE_POSTS
        # The thread whose tag had the unquoted attribute, and its posts.
        thread = Thread.objects.get(url="http://example.org/")
        assert thread.title == "Hello, World!"
        assert by_import_id("disqus")["5"].thread == thread

    def test_each_repair_is_one_line_saying_where_and_what(self, imported):
        summary, problems = imported
        mends = [(p["outcome"], p["item"], p["reason"]) for p in _mends(problems)]
        assert len(mends) == 2, mends
        assert mends[0][:2] == ("repaired", "line 1") and "1 byte before the XML declaration" in mends[0][2]
        assert mends[1][:2] == ("repaired", "line 13") and "dsq:id=2 quoted" in mends[1][2]
        date = [p for p in problems if p["item"] == "11"]
        assert len(date) == 1 and date[0]["outcome"] == "repaired"
        assert "'2012-13-45T99:61:00Z'" in date[0]["reason"]
        assert "thread's date, 2012-12-12 12:12:12 UTC" in date[0]["reason"]
        assert "repaired: 1 comment, 2 xml" in summary

    def test_the_post_with_an_unreadable_date_gets_its_threads_date(self, imported):
        post = by_import_id("disqus")["11"]
        assert post.created_at == THREAD_DATE == post.thread.created_at


class TestBytesBeforeTheDeclaration:
    @pytest.mark.parametrize("prefix", [b"\xef\xbb\xbfjunk", b"  \n\n", b"\x00", b"\xef\xbb\xbf\r\n",
                                        b"Content-Type: text/xml\r\n\r\n", b"<br>\n"],
                             ids=["bom-and-junk", "blank-lines", "nul", "bom-and-crlf", "http-header",
                                  "a-tag"])
    def test_are_removed_and_reported(self, sample, tmp_path, prefix):
        summary, problems = import_fixture("disqus", _write(tmp_path, prefix + sample), tmp_path)
        assert set(by_import_id("disqus")) == SAMPLE_POSTS
        removed = len(prefix.removeprefix(b"\xef\xbb\xbf"))
        [mend] = _mends(problems)
        assert mend["item"] == "line 1"
        assert re.search(rf"\b{removed} bytes? before the XML declaration removed", mend["reason"])
        assert "repaired: 1 xml" in summary

    def test_a_comment_that_mentions_a_declaration_is_not_taken_for_one(self, tmp_path):
        text = disqus_xml(THREADS, _posts(2)).replace('<?xml version="1.0" encoding="utf-8"?>',
                                                      '<!-- written without <?xml version="1.0"?> -->')
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert set(by_import_id("disqus")) == {"1", "2"} and problems == []

    def test_a_byte_order_mark_alone_is_no_fault(self, sample, tmp_path):
        _, problems = import_fixture("disqus", _write(tmp_path, b"\xef\xbb\xbf" + sample), tmp_path)
        assert set(by_import_id("disqus")) == SAMPLE_POSTS
        assert _mends(problems) == []

    def test_later_repairs_name_the_lines_of_the_file_as_it_is(self, sample, tmp_path):
        broken = b"junk\njunk\njunk\n" + sample.replace(b'<thread dsq:id="2">', b"<thread dsq:id=2>")
        _, problems = import_fixture("disqus", _write(tmp_path, broken), tmp_path)
        line = 1 + broken.split(b"\n").index(next(x for x in broken.split(b"\n") if b"dsq:id=2>" in x))
        assert [p["item"] for p in _mends(problems)] == ["line 1", f"line {line}"]
        assert line == 16


class TestAttributes:
    def test_unquoted_values_are_quoted_and_each_tag_reported(self, sample, tmp_path):
        broken, tags = re.subn(rb'dsq:id="(\w+)"', rb"dsq:id=\1", sample)
        _, problems = import_fixture("disqus", _write(tmp_path, broken), tmp_path)
        posts = by_import_id("disqus")
        assert set(posts) == SAMPLE_POSTS
        assert posts["5"].parent == posts["4"] and posts["11"].parent == posts["9"]
        assert len(_mends(problems)) == tags > 10
        assert all("quoted" in p["reason"] for p in _mends(problems))

    def test_single_quoted_values_are_plain_xml(self, sample, tmp_path):
        broken = re.sub(rb'dsq:id="(\w+)"', rb"dsq:id='\1'", sample)
        _, problems = import_fixture("disqus", _write(tmp_path, broken), tmp_path)
        posts = by_import_id("disqus")
        assert set(posts) == SAMPLE_POSTS and posts["5"].parent == posts["4"]
        assert _mends(problems) == []

    def test_values_run_together_or_without_their_closing_bracket(self, tmp_path):
        text = disqus_xml(THREADS, _posts(3))
        text = text.replace('<post dsq:id="2">', '<post dsq:id="2"odd="x"', 1)
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert set(by_import_id("disqus")) == {"1", "2", "3"}
        [mend] = _mends(problems)
        assert "space added" in mend["reason"] and "missing > added" in mend["reason"]


class TestDates:
    @pytest.mark.parametrize("written, meant", [
        ("12/31/2019 10:00 PM", datetime(2019, 12, 31, 22, tzinfo=UTC)),
        ("December 31, 2019 10:00 pm", datetime(2019, 12, 31, 22, tzinfo=UTC)),
        ("2019-12-31 22:00:00 UTC", datetime(2019, 12, 31, 22, tzinfo=UTC)),
        ("Tue, 31 Dec 2019 23:00:00 +0100", datetime(2019, 12, 31, 22, tzinfo=UTC)),
        ("31.12.2019 22:00:00", datetime(2019, 12, 31, 22, tzinfo=UTC)),
        ("2019/12/31 22:00", datetime(2019, 12, 31, 22, tzinfo=UTC)),
        ("1577829600", datetime(2019, 12, 31, 22, tzinfo=UTC)),
        ("2019-12-31T22:00:00.000000000Z", datetime(2019, 12, 31, 22, tzinfo=UTC)),
    ])
    def test_other_formats_are_read_as_meant(self, tmp_path, written, meant):
        path = _write(tmp_path, disqus_xml(THREADS, _posts(1, date=written)).encode())
        _, problems = import_fixture("disqus", path, tmp_path)
        assert by_import_id("disqus")["1"].created_at == meant
        assert problems == []

    @pytest.mark.parametrize("written", ["yesterday", "2012-13-45T99:61:00Z", "0000-00-00 00:00:00",
                                         "31/31/2019 10:00", "Tue, 31 Dec 2019 10:00 pm", "<b>"])
    def test_unreadable_ones_take_the_threads_date_and_are_reported(self, tmp_path, written):
        from xml.sax.saxutils import escape

        posts = _posts(2)
        posts[1]["date"] = escape(written)
        _, problems = import_fixture("disqus", _write(tmp_path, disqus_xml(THREADS, posts).encode()),
                                     tmp_path)
        stored = by_import_id("disqus")
        assert stored["2"].created_at == datetime(2016, 5, 4, 3, 2, 1, tzinfo=UTC)
        assert stored["1"].created_at == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
        [report] = problems
        assert (report["outcome"], report["kind"], report["item"]) == ("repaired", "comment", "2")
        assert f"unreadable date {written!r}" in report["reason"]
        assert "thread's date, 2016-05-04 03:02:01 UTC" in report["reason"]

    def test_a_post_without_a_date_is_reported_too(self, tmp_path):
        text = disqus_xml(THREADS, _posts(1)).replace("<createdAt>2020-01-02T03:04:05Z</createdAt>", "")
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert by_import_id("disqus")["1"].created_at == datetime(2016, 5, 4, 3, 2, 1, tzinfo=UTC)
        assert problems[0]["item"] == "1" and problems[0]["reason"].startswith("no date")


class TestTextAndTags:
    def test_a_bare_ampersand_in_the_root_elements_attributes(self, tmp_path):
        text = disqus_xml(THREADS, _posts(1)).replace("<disqus ", '<disqus note="Q&A" ', 1)
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert set(by_import_id("disqus")) == {"1"}
        assert [p["reason"].split(": ", 1)[1] for p in problems] == ["a bare & taken as text (&amp;)"]

    def test_html_entities_and_bare_ampersands_are_read_and_reported(self, tmp_path):
        text = disqus_xml([{"id": "1", "link": "https://x.example/p?a=1&b=2"}], _posts(1))
        text = text.replace("?a=1&amp;b=2", "?a=1&b=2").replace(
            "<![CDATA[<p>post 1 ", "caf&eacute;&nbsp;&bogus; a & b <![CDATA[<p>post 1 ")
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert Thread.objects.get().url == "https://x.example/p?a=1&b=2"
        assert by_import_id("disqus")["1"].body.startswith("café\xa0&bogus; a & b <p>post 1")
        reasons = [p["reason"] for p in _mends(problems)]
        assert len(reasons) == 5
        assert sum("bare &" in r for r in reasons) == 2
        assert sum("HTML entity" in r for r in reasons) == 2
        assert sum("&bogus; kept as text" in r for r in reasons) == 1

    def test_a_stray_end_tag_does_not_end_the_document(self, tmp_path):
        text = disqus_xml(THREADS, _posts(3), extra="</thread></disqus>")
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert set(by_import_id("disqus")) == {"1", "2", "3"}
        assert [p["reason"].split(": ", 1)[1] for p in _mends(problems)] == [
            "a stray </thread> removed", "the document's end comes before <post>; read on"]

    def test_a_misspelt_end_tag_closes_the_element_it_was_meant_for(self, tmp_path):
        text = disqus_xml(THREADS, _posts(3)).replace("</post>", "</pots>", 1)
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert set(by_import_id("disqus")) == {"1", "2", "3"}
        assert "</pots> read as </post>" in _mends(problems)[0]["reason"]

    def test_an_element_left_open_is_closed_before_its_parents_end(self, tmp_path):
        text = disqus_xml(THREADS, _posts(3)).replace("]]></message>", "]]><b></message>", 1)
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert set(by_import_id("disqus")) == {"1", "2", "3"}
        assert "<b> was never closed" in _mends(problems)[0]["reason"]

    def test_a_bare_less_than_sign_is_text(self, tmp_path):
        posts = _posts(2)
        posts[0]["message"] = "]]>if a < b and c<d then<![CDATA["
        text = disqus_xml(THREADS, posts).replace("<![CDATA[]]>", "")
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert by_import_id("disqus")["1"].body == "if a < b and c<d then"
        assert set(by_import_id("disqus")) == {"1", "2"} and len(_mends(problems)) == 2

    def test_end_tags_left_from_html_in_the_text_are_dropped(self, tmp_path):
        posts = _posts(2)
        posts[0]["message"] = "]]>one</p> two</b><![CDATA["
        text = disqus_xml(THREADS, posts).replace("<![CDATA[]]>", "")
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        stored = by_import_id("disqus")
        assert set(stored) == {"1", "2"} and stored["1"].body == "one two"
        assert stored["1"].created_at == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
        assert [p["reason"].split(": ", 1)[1] for p in _mends(problems)] == [
            "a stray </p> removed", "a stray </b> removed"]

    def test_two_exports_glued_together_are_both_read(self, tmp_path):
        first = disqus_xml(THREADS, _posts(2))
        second = disqus_xml([{"id": "9", "link": "https://x.example/q"}],
                            [{"id": "90", "thread": "9"}, {"id": "91", "thread": "9"}])
        _, problems = import_fixture("disqus", _write(tmp_path, (first + "\n" + second).encode()),
                                     tmp_path)
        assert set(by_import_id("disqus")) == {"1", "2", "90", "91"}
        assert len(_mends(problems)) == 2


class TestTruncatedFiles:
    def test_posts_before_the_cut_are_kept_and_the_cut_one_is_skipped(self, tmp_path):
        text = disqus_xml(THREADS, _posts(4))
        cut = text[:text.index("post 3 ") + 20]
        _, problems = import_fixture("disqus", _write(tmp_path, cut.encode()), tmp_path)
        assert set(by_import_id("disqus")) == {"1", "2"}
        skipped = [p for p in problems if p["item"] == "3"]
        assert skipped[0]["outcome"] == "skipped" and "the file ends inside it" in skipped[0]["reason"]
        assert "cut short" in _mends(problems)[0]["reason"]

    @pytest.mark.parametrize("end", ['<post dsq:id="3', "</post", "<", "<![CDATA[", "<!-- a"])
    def test_a_cut_inside_a_tag_keeps_what_came_before(self, tmp_path, end):
        text = disqus_xml(THREADS, _posts(2)).removesuffix("\n</disqus>") + "\n" + end
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert set(by_import_id("disqus")) == {"1", "2"}
        assert any("cut short" in p["reason"] for p in _mends(problems))


class TestNothingReadable:
    @pytest.mark.parametrize("data, says", [
        (b"", "the file is empty"),
        (b"hello, this is not XML at all", "no XML found"),
        (b'{"threads": [], "posts": []}', "no XML found"),
        (b"\x00\x01\x02\xff" * 1000, "no XML found"),
        (b"<html><body>Not found</body></html>", "the root element is <html>"),
        (b"<disqus>\x00 <<< &&& </nothing>", "no thread or post could be read"),
        (b'<?xml version="1.0"?><disqus><thread dsq:id=1>', "no thread or post could be read"),
    ], ids=["empty", "text", "json", "binary", "html", "garbage-in-root", "cut-in-first-thread"])
    def test_is_refused_whole_with_a_line_naming_the_problem(self, tmp_path, data, says):
        path = _write(tmp_path, data)
        with pytest.raises(CommandError, match=says) as refused:
            import_fixture("disqus", path, tmp_path)
        assert "\n" not in str(refused.value) and "nothing was imported" in str(refused.value)
        assert Comment.objects.count() == 0 and Thread.objects.count() == 0
        assert not (tmp_path / "problems.tsv").exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["export.xml"]

    def test_an_empty_but_whole_export_imports_nothing_without_complaint(self, tmp_path):
        summary, problems = import_fixture("disqus", _write(tmp_path, b"<disqus/>"), tmp_path)
        assert "nothing new" in summary and problems == []


class TestParserGivingUp:
    def test_what_came_before_is_kept_and_the_loss_reported(self, tmp_path):
        bomb = ('<!DOCTYPE disqus [<!ENTITY a "aaaaaaaaaa">'
                + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
                          for p, n in zip("abcdefgh", "bcdefghi", strict=True)) + "]>")
        posts = _posts(5)
        text = disqus_xml(THREADS, posts).replace("<disqus ", bomb + "\n<disqus ", 1)
        text = text.replace("<![CDATA[<p>post 3 ", "&i;<![CDATA[<p>post 3 ")
        started = time.monotonic()
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert time.monotonic() - started < 5
        assert set(by_import_id("disqus")) == {"1", "2"}
        lost = [p for p in problems if "gave up" in p["reason"]]
        assert lost and lost[0]["outcome"] == "skipped" and "elements after that point" in lost[0]["reason"]
        assert "amplification" in lost[0]["reason"]


class TestHostileMarkup:
    def test_a_million_faults_in_one_place_are_counted_not_each_held(self, tmp_path):
        text = disqus_xml(THREADS, _posts(2), extra="& " * 1_000_000)
        started = time.monotonic()
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert time.monotonic() - started < 30
        assert set(by_import_id("disqus")) == {"1", "2"}
        listed = [p for p in _mends(problems) if "more mends" not in p["reason"]]
        counted = [int(re.search(r"([\d,]+) more mends", p["reason"])[1].replace(",", ""))
                   for p in _mends(problems) if "more mends" in p["reason"]]
        # Mends are listed 10,000 at most between two elements; the rest are counted.
        assert counted and len(listed) <= 10_000 * (len(counted) + 1)
        assert len(listed) + sum(counted) == 1_000_000

    def test_nesting_deeper_than_the_parser_follows_keeps_what_came_before(self, tmp_path):
        posts = _posts(3)
        posts[1]["message"] = "]]>" + "<x>" * 10_000 + "<![CDATA["
        text = disqus_xml(THREADS, posts).replace("<![CDATA[]]>", "")
        _, problems = import_fixture("disqus", _write(tmp_path, text.encode()), tmp_path)
        assert set(by_import_id("disqus")) == {"1"}
        assert any("nested more than 4,096 deep" in p["reason"] for p in problems)
        assert any("gave up" in p["reason"] and "not read" in p["reason"] for p in problems)


class TestWordPressRecovery:
    """WXR is XML too: the same faults are mended the same way."""

    def _export(self, comments) -> str:
        return wxr([{"post_id": "7", "link": "https://x.example/hello", "slug": "hello",
                     "title": "Hello", "content": "Text", "comments": comments}])

    def test_the_same_faults_are_mended_and_reported(self, tmp_path):
        text = self._export([{"id": "1"}, {"id": "2", "date": "garbage", "date_gmt": ""},
                             {"id": "3", "parent": "1"}])
        text = text.replace("<item>", "<item><guid isPermaLink=false>x</guid>", 1)
        text = text.replace("<wp:comment_id>3</wp:comment_id>", "<wp:comment_id>3</wp:comment_id></p>")
        _, problems = import_fixture("wordpress", _write(tmp_path, b"\xef\xbb\xbf\n\n" + text.encode()),
                                     tmp_path)
        comments = by_import_id("wordpress")
        assert set(comments) == {"1", "2", "3"} and comments["3"].parent == comments["1"]
        assert comments["2"].created_at == comments["2"].thread.created_at
        reasons = [p["reason"] for p in _mends(problems)]
        assert "2 bytes before the XML declaration removed" in reasons[0]
        assert "isPermaLink=false quoted" in reasons[1] and "a stray </p> removed" in reasons[2]
        assert any(p["item"] == "2" and "unreadable date 'garbage'" in p["reason"] for p in problems)

    def test_a_cut_file_keeps_the_comments_before_the_cut(self, tmp_path):
        text = self._export([{"id": "1"}, {"id": "2"}, {"id": "3", "content": "a long comment " * 20}])
        cut = text[:text.index("a long comment") + 30]
        _, problems = import_fixture("wordpress", _write(tmp_path, cut.encode()), tmp_path)
        assert set(by_import_id("wordpress")) == {"1", "2"}
        assert any(p["item"] == "3" and "the file ends inside it" in p["reason"] for p in problems)

    def test_a_wxr_with_nothing_readable_is_refused(self, fixtures_dir, tmp_path):
        # malformed.xml has no <channel> and no item: only broken markup.
        with pytest.raises(CommandError, match="no item or comment could be read"):
            import_fixture("wordpress", fixtures_dir / "wordpress/malformed.xml", tmp_path)
        assert Comment.objects.count() == 0
