"""Find passages of an article again after its text changed.

A passage is described as the W3C Web Annotation model does: a text quote (the exact text, with
up to 32 characters before and after it) and a text position (start and end offsets in the
article's text). The text is the rendered body's text content, as a browser's `textContent`
gives it, so offsets computed in the page and here agree.

Finding a passage again: where the exact text still occurs, the occurrence whose surroundings
and position match best wins. Where it changed a little, RapidFuzz's partial-ratio alignment finds
the closest window of the text and the passage moves there. Otherwise the passage is orphaned:
its comments keep their quote and say the passage changed.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from rapidfuzz import fuzz

CONTEXT = 32
# Lowest similarity (0-100) for a changed passage to count as the same passage.
FUZZY_THRESHOLD = 75


@dataclass(frozen=True)
class Selector:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Location:
    state: str  # "anchored" (found as it was), "moved" (found changed) or "orphaned"
    selector: Selector


def text_of_html(html: str) -> str:
    """Return the text content of an HTML fragment, as the browser's textContent gives it."""
    parser = _TextParser()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.parts)


def selector_at(text: str, start: int, end: int) -> Selector:
    """Return the selector of text[start:end] with its surroundings."""
    return Selector(exact=text[start:end], prefix=text[max(0, start - CONTEXT):start],
                    suffix=text[end:end + CONTEXT], start=start, end=end)


def locate(selector: Selector, text: str) -> Location:
    """Find `selector`'s passage in `text` (the article's current text)."""
    exact = selector.exact
    if not exact.strip():
        return Location("orphaned", selector)
    occurrences = _occurrences(text, exact)
    if occurrences:
        best = max(occurrences, key=lambda start: _fit(text, start, selector))
        return Location("anchored", selector_at(text, best, best + len(exact)))
    alignment = fuzz.partial_ratio_alignment(exact, text, score_cutoff=FUZZY_THRESHOLD)
    if alignment is not None and alignment.dest_end > alignment.dest_start:
        start, end = _trim(text, alignment.dest_start, alignment.dest_end)
        return Location("moved", selector_at(text, start, end))
    return Location("orphaned", selector)


def _occurrences(text: str, exact: str) -> list[int]:
    found, start = [], text.find(exact)
    while start != -1 and len(found) < 1000:
        found.append(start)
        start = text.find(exact, start + 1)
    return found


def _fit(text: str, start: int, selector: Selector) -> tuple:
    """How well an occurrence fits: matching surroundings first, then nearness to the old spot."""
    end = start + len(selector.exact)
    before = text[max(0, start - len(selector.prefix)):start]
    after = text[end:end + len(selector.suffix)]
    context = (before == selector.prefix) + (after == selector.suffix)
    return (context, -abs(start - selector.start))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a fuzzy window to whole words, without surrounding spaces."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)
