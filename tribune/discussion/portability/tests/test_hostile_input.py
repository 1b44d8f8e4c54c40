"""Every XSS payload and naughty string, imported as HTML and as Markdown, stays inert."""

import json
import re
from xml.sax.saxutils import escape

import pytest
from lxml import html as lxml_html

from tribune.discussion.comments.models import Comment

from .helpers import import_fixture

pytestmark = pytest.mark.django_db

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def payloads(fixtures_dir) -> list[str]:
    bad = fixtures_dir / "bad-input"
    lines = []
    for name in ("IntrudersXSS.txt", "BRUTELOGIC-XSS-STRINGS.txt"):
        lines += [x for x in (bad / name).read_text(encoding="utf-8", errors="replace").splitlines() if x]
    lines += json.loads((bad / "blns.json").read_text(encoding="utf-8"))
    # XML cannot carry most control characters at all; the rest of each string still can.
    return ["".join(ch for ch in s if ch in "\t\n\r" or ord(ch) >= 32) for s in lines]


def assert_inert(fragment: str) -> None:
    """Fail when the HTML could run script: script-capable elements, handlers, script URLs."""
    if not fragment.strip():
        return
    for element in lxml_html.fragment_fromstring(fragment, create_parent="div").iter():
        assert element.tag in {"div", "p", "a", "em", "strong", "code", "br", "del", "blockquote",
                               "pre"}, fragment
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), fragment
            if name in ("href", "src"):
                assert _safe_url(value), fragment


def _safe_url(value: str) -> bool:
    value = value.strip().lower()
    scheme_part = re.split(r"[/?#]", value, maxsplit=1)[0]
    return ":" not in scheme_part or value.startswith(SAFE_SCHEMES)


def disqus_file(tmp_path, bodies):
    posts = "".join(
        f'<post dsq:id="{i}"><message>{escape(b)}</message><createdAt>2020-01-01T00:00:00Z</createdAt>'
        f'<author><name>{escape(b[:70])}</name></author><thread dsq:id="1"/></post>'
        for i, b in enumerate(bodies)
    )
    path = tmp_path / "xss.xml"
    path.write_text('<disqus xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="1">'
                    f"<link>https://x.example/p</link></thread>{posts}</disqus>", encoding="utf-8")
    return path


class TestHostileInput:
    def test_html_bodies_from_disqus_are_inert(self, fixtures_dir, tmp_path):
        bodies = payloads(fixtures_dir)
        import_fixture("disqus", disqus_file(tmp_path, bodies), tmp_path)
        stored = list(Comment.objects.values_list("body_html", flat=True))
        assert len(stored) > 500
        for fragment in stored:
            assert_inert(fragment)

    def test_markdown_bodies_from_isso_are_inert(self, fixtures_dir, tmp_path):
        bodies = payloads(fixtures_dir)
        data = [{"id": "/p", "title": "t", "comments": [
            {"id": i, "author": b[:70], "created": "2020-01-01 00:00:00", "text": b}
            for i, b in enumerate(bodies)]}]
        path = tmp_path / "isso.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        import_fixture("isso", path, tmp_path, "--base-url=https://x.example")
        stored = list(Comment.objects.values_list("body_html", flat=True))
        assert len(stored) > 500
        for fragment in stored:
            assert_inert(fragment)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_imported_comment_runs_script_in_a_browser(fixtures_dir, tmp_path, page):
    import_fixture("disqus", disqus_file(tmp_path, payloads(fixtures_dir)), tmp_path)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    html = "".join(f"<article>{h}</article>" for h in Comment.objects.values_list("body_html", flat=True))
    # set_content returns once the document has loaded: any onload handler has had its chance.
    page.set_content("<!doctype html><html><body>" + html + "</body></html>", wait_until="load")
    # Hover and focus everything: handlers that wait for the reader must be gone too.
    for link in page.query_selector_all("a")[:200]:
        link.hover()
    assert dialogs == []
    assert page.evaluate("() => document.querySelectorAll('script,iframe,object,embed,svg').length") == 0


def test_a_megabyte_of_ampersands_in_one_body_is_cut_reported_and_does_not_stall(tmp_path, settings):
    """The sanitizer takes time growing with the square of a body full of `&`: an export of
    megabyte bodies would stall an import for minutes. Bodies past the import's limit are cut."""
    import time

    from .generate import disqus_xml

    settings.DISCUSSION_IMPORT_MAX_LENGTH = 20_000
    hostile = "& " * 500_000
    path = tmp_path / "huge.xml"
    path.write_text(disqus_xml([{"id": "1", "link": "https://x.example/p"}],
                               [{"id": "1", "message": hostile}, {"id": "2", "parent": "1",
                                                                  "message": "<p>A reply</p>"}]),
                    encoding="utf-8")
    started = time.monotonic()
    _summary, problems = import_fixture("disqus", path, tmp_path, "--base-url=https://x.example")
    assert time.monotonic() - started < 30
    cut = Comment.objects.get(import_id="1")
    assert len(cut.body) <= 20_000
    # The reply keeps its place under the cut comment.
    assert Comment.objects.get(import_id="2").parent_id == cut.pk
    assert any(p["item"] == "1" and "longer than 20000 characters" in p["reason"] for p in problems)
