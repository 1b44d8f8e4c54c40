"""Find passages of an article again after its text changed.

A passage is described as the W3C Web Annotation model does: a text quote (the exact text, with
up to 32 characters before and after it) and a text position (start and end offsets in the
article's text). The text is the rendered body's text content, as a browser's `textContent`
gives it, so offsets computed in the page and here agree.

Finding a passage again: where the exact text still occurs, the occurrence whose surroundings
and position match best wins. Where it changed a little, RapidFuzz's partial-ratio alignment finds
the closest window of the text and the passage moves there. Otherwise the passage is orphaned:
its comments keep their quote and say the passage changed.

A passage is made of whole words: a selection that starts or ends inside a word takes in the
whole word (`word_bounds`), as the page's script does with the browser's word segmenter.
"""

import unicodedata
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
        start, end = word_bounds(text, alignment.dest_start, alignment.dest_end)
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


# Scripts written without spaces between words: their words need a dictionary to find (the
# browser's Intl.Segmenter has one), so a passage's edge inside them stays where it is.
_UNSPACED = (
    (0x0E00, 0x0EFF),    # Thai, Lao
    (0x1000, 0x109F),    # Myanmar
    (0x1780, 0x17FF),    # Khmer
    (0x2E80, 0x2FDF),    # CJK radicals
    (0x3005, 0x3007),    # CJK iteration marks and the ideographic zero
    (0x3040, 0x31FF),    # Hiragana, Katakana, Bopomofo, CJK strokes
    (0x3400, 0x4DBF),    # CJK extension A
    (0x4E00, 0x9FFF),    # CJK unified ideographs
    (0xF900, 0xFAFF),    # CJK compatibility ideographs
    (0xFF66, 0xFF9F),    # half-width Katakana
    (0x20000, 0x3FFFF),  # CJK extensions B onwards
)
# Inside a word between two of its letters ("don't", "l'été", "l·l"), or between two digits of a
# number ("3.14", "1,000"), as Unicode's word rules (UAX #29) and browsers have it.
_LETTER_JOINERS = frozenset("'\u2019\u00b7")
_NUMBER_JOINERS = frozenset("'\u2019.,;")


def _in_word(char: str) -> bool:
    """Say whether `char` belongs to a word of a script that separates words with spaces."""
    if unicodedata.category(char)[0] not in "LMN" and char != "_":
        return False
    code = ord(char)
    return not any(low <= code <= high for low, high in _UNSPACED)


def _glued(before: str, joiner: str, after: str) -> bool:
    """Say whether `joiner` between `before` and `after` is inside a word."""
    if joiner in _NUMBER_JOINERS and before.isdecimal() and after.isdecimal():
        return True
    return joiner in _LETTER_JOINERS and _in_word(before) and _in_word(after)


def _joined(text: str, at: int) -> bool:
    """Say whether text[at - 1] and text[at] are parts of one word."""
    if at <= 0 or at >= len(text):
        return False
    if _in_word(text[at - 1]) and _in_word(text[at]):
        return True
    # The edge falls on either side of a joiner inside a word.
    if at + 1 < len(text) and _glued(text[at - 1], text[at], text[at + 1]):
        return True
    return at >= 2 and _glued(text[at - 2], text[at - 1], text[at])


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return text[start:end] grown to whole words and shrunk of spaces at either end.

    Half a word quoted reads as a typo of the reader's ("ater ret" for "water returns"), and the
    highlight would cut a word in two. Words of scripts written without spaces keep their edge.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return start, end
    while _joined(text, start):
        start -= 1
    while _joined(text, end):
        end += 1
    return start, end


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)
