"""Stable ids for the paragraphs of an article body.

Links (`/articles/x/#p-3fa9c2d1`) and, later, inline feedback point at single paragraphs, so a
paragraph's id must not change when an editor touches *another* paragraph. Numbering by position
would shift every id after an inserted paragraph; instead each top-level paragraph's id is
derived from its own text:

    id = "p-" + the first 8 hex digits of SHA-256(the paragraph's text, whitespace collapsed)

Identical paragraphs (the same text twice) and the rare hash collision get "-2", "-3", ... in
document order. Ids already used elsewhere in the body (editors may give headings ids) count as
taken. Editing a paragraph's own text gives it a new id: that is the signal for anchors on it to
re-attach (the discussion app's job), and an id never points at different words.

Only paragraphs at the top of the body get ids; paragraphs inside quotes and list items belong
to the block around them. The input is HTML already sanitized by nh3, so it is well formed.
"""

import hashlib
import re
from html.parser import HTMLParser

from tribune.core.text import ARTICLE, render_markdown

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_SPACE = re.compile(r"\s+")
_ID_ATTR = re.compile(r'\sid="([^"]*)"')


def article_body_render(source: str) -> str:
    """Return the article body's sanitized HTML with an id on every top-level paragraph."""
    return paragraph_ids_assign(render_markdown(source, profile=ARTICLE))


def paragraph_ids_assign(html: str) -> str:
    """Return `html` with each top-level <p> carrying its stable id (any id it had is replaced)."""
    finder = _TopLevelParagraphs()
    finder.feed(html)
    finder.close()
    if not finder.found:
        return html
    line_starts = [0]
    for line in html.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    taken = {m.group(1) for m in _ID_ATTR.finditer(html)}
    # Ids on the paragraphs themselves are about to be replaced, so they are not taken.
    taken -= {pid for _, _, _, pid in finder.found if pid}
    pieces, position = [], 0
    for line, column, start_tag, _ in finder.found:
        offset = line_starts[line - 1] + column
        text = _SPACE.sub(" ", finder.texts[(line, column)]).strip()
        paragraph_id = _unique(_paragraph_hash(text), taken)
        taken.add(paragraph_id)
        pieces.append(html[position:offset])
        pieces.append(f'<p id="{paragraph_id}">')
        position = offset + len(start_tag)
    pieces.append(html[position:])
    return "".join(pieces)


def _paragraph_hash(text: str) -> str:
    return "p-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


class _TopLevelParagraphs(HTMLParser):
    """Collect where each top-level <p> starts, its start tag and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.found: list[tuple[int, int, str, str | None]] = []
        self.texts: dict[tuple[int, int], str] = {}
        self._current: list[str] | None = None
        self._current_key: tuple[int, int] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.depth == 0 and tag == "p":
            line, column = self.getpos()
            self.found.append((line, column, self.get_starttag_text(), dict(attrs).get("id")))
            self._current, self._current_key = [], (line, column)
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and self._current is not None:
            self.texts[self._current_key] = "".join(self._current)
            self._current = self._current_key = None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def close(self):
        super().close()
        if self._current is not None:
            self.texts[self._current_key] = "".join(self._current)
