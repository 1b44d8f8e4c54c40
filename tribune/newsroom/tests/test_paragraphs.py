import json
import re
from html.parser import HTMLParser

import pytest

from tribune.newsroom.paragraphs import article_body_render, paragraph_ids_assign
from tribune.newsroom.tests.factories import article_factory

ALLOWED = {"p", "a", "em", "strong", "code", "br", "del", "blockquote", "pre", "h2", "h3", "h4", "ul",
           "ol", "li", "figure", "figcaption", "img", "hr", "table", "thead", "tbody", "tr", "th", "td",
           "sub", "sup", "abbr", "cite", "q", "small"}
IDS = re.compile(r'<p id="([^"]+)"')


def ids(html):
    return IDS.findall(html)


class TestParagraphIds:
    def test_every_top_level_paragraph_has_an_id(self):
        html = article_body_render("One.\n\nTwo.\n\n> Quoted.\n\n- item")
        assert len(ids(html)) == 2
        assert "<blockquote>\n<p>Quoted.</p>" in html

    def test_ids_survive_editing_and_inserting_other_paragraphs(self):
        before = ids(article_body_render("Alpha.\n\nBravo.\n\nCharlie."))
        after = ids(article_body_render("New lead.\n\nAlpha.\n\nBravo, edited.\n\nCharlie."))
        assert before[0] == after[1]
        assert before[2] == after[3]
        assert before[1] not in after

    def test_identical_paragraphs_get_distinct_ids(self):
        found = ids(article_body_render("Same.\n\nOther.\n\nSame."))
        assert found[2] == found[0] + "-2"
        assert len(set(found)) == 3

    def test_an_editors_id_on_a_paragraph_is_replaced_and_other_ids_are_not_reused(self):
        first = ids(article_body_render("Text."))[0]
        html = article_body_render(f'<h2 id="{first}">Heading</h2>\n\n<p id="mine">Text.</p>')
        assert ids(html) == [first + "-2"]

    def test_no_paragraphs_leaves_html_unchanged(self):
        assert paragraph_ids_assign("<ul><li>a</li></ul>") == "<ul><li>a</li></ul>"


@pytest.mark.django_db
class TestHostileBodies:
    def test_no_payload_gets_a_script_or_breaks_the_page(self, client, fixtures_dir):
        bad = fixtures_dir / "bad-input"
        payloads = (bad / "IntrudersXSS.txt").read_text(errors="replace").splitlines()
        payloads += (bad / "BRUTELOGIC-XSS-STRINGS.txt").read_text(errors="replace").splitlines()
        payloads += json.loads((bad / "blns.json").read_text())
        body = "\n\n".join(p for p in payloads if p.strip())
        body += "\n\n</div></article></main><div><table><p>unclosed"
        article = article_factory(body=body)
        assert "<script" not in article.body_html.lower()
        tags = _tags_and_attributes(article.body_html)
        assert not [(tag, name) for tag, attrs in tags for name, _ in attrs if name.startswith("on")]
        assert not [v for _, attrs in tags for _, v in attrs if v and "javascript:" in v.lower()]
        assert {tag for tag, _ in tags} <= ALLOWED
        html = client.get(article.get_absolute_url()).content.decode()
        body_start = html.index('<div class="article__body prose">')
        # nh3 keeps no <div>, so the first </div> after the body's start is the body's own end.
        body_end = html.index("</div>", body_start)
        assert "<script" not in html[body_start:body_end].lower()
        assert body_end < html.index("</article>", body_start) < html.index('<footer class="site-footer">')


def _tags_and_attributes(html):
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found
