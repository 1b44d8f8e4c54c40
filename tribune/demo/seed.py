"""Read the seed page (seed.txt, the text of one real article page as a crawler saw it).

The page reads, top to bottom: the goal meter's four figures (0, half, goal, raised), the page
title, the call to give, the headline, the image link, the body paragraphs, the call to give
again, the comment section's controls, then each comment with its author's name above it, or
no name for an anonymous guest, and the closing prompt. This module needs no Django, so the
`tribune` command can read the site name before settings load.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

SEED_FILE = Path(__file__).with_name("seed.txt")
IMAGE_LINK = "Click to see full-size image"
SECTION_MARKERS = ("Notify of", "Newest Most Voted", "Inline Feedbacks", "View all comments")
PROMPT = "Would love your thoughts, please comment."
# An author's name: one to three words of letters, with no sentence punctuation.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+){0,2}$")


@dataclass(frozen=True)
class SeedComment:
    author: str  # empty for an anonymous guest
    body: str


@dataclass(frozen=True)
class SeedPage:
    site_name: str
    cta_label: str
    headline: str
    paragraphs: list[str]
    goal: Decimal
    raised: Decimal
    currency_symbol: str
    comments: list[SeedComment]  # in the page's order: newest first


class SeedFormatError(ValueError):
    """The seed text does not have the shape this reader expects."""


def seed_read(path: Path = SEED_FILE) -> SeedPage:
    """Return the seed page's parts. Raises SeedFormatError naming what is missing."""
    lines = [line.rstrip() for line in path.read_text(encoding="utf-8").splitlines()]
    meter, symbol = _meter(lines[:4])
    cta_label = _line_after(lines, 4, lambda s: s.startswith("Support "), "the call to give")
    cta_at = lines.index(cta_label)
    headline = _line_after(lines, cta_at + 1, bool, "the headline")
    image_at = _index(lines, IMAGE_LINK)
    second_cta = _index(lines, cta_label, image_at)
    paragraphs = [line.strip() for line in lines[image_at + 1 : second_cta] if line.strip()]
    comments_from = _index(lines, SECTION_MARKERS[-1], second_cta) + 1
    comments_to = next((i for i in range(comments_from, len(lines)) if lines[i].startswith(PROMPT)),
                       len(lines))
    return SeedPage(
        site_name=cta_label.removeprefix("Support ").strip(),
        cta_label=cta_label,
        headline=headline.strip(),
        paragraphs=paragraphs,
        goal=meter[2],
        raised=meter[3],
        currency_symbol=symbol,
        comments=_comments(lines[comments_from:comments_to]),
    )


def demo_site_name() -> str:
    """Return the seed site's name ("SouthFront"), from its call to give."""
    return seed_read().site_name


def _meter(lines: list[str]) -> tuple[list[Decimal], str]:
    figures, symbols = [], set()
    for line in lines:
        match = re.fullmatch(r"([\d,.]+)\s*(\D+)", line.strip())
        if not match:
            raise SeedFormatError(f"expected a goal meter figure like '2,500 $', got {line!r}")
        figures.append(Decimal(match.group(1).replace(",", "")))
        symbols.add(match.group(2).strip())
    if len(figures) != 4 or len(symbols) != 1:
        raise SeedFormatError("the page must open with four goal meter figures in one currency")
    return figures, symbols.pop()


def _comments(lines: list[str]) -> list[SeedComment]:
    blocks = [line.strip() for line in lines if line.strip()]
    comments, author = [], ""
    for i, text in enumerate(blocks):
        has_body_after = i + 1 < len(blocks)
        if has_body_after and not author and _NAME.match(text) and len(text) <= 40:
            author = text
            continue
        comments.append(SeedComment(author=author, body=text))
        author = ""
    return comments


def _line_after(lines, start, test, what):
    for line in lines[start:]:
        if test(line.strip()):
            return line.strip()
    raise SeedFormatError(f"cannot find {what} in the seed page")


def _index(lines, text, start=0):
    try:
        return lines.index(text, start)
    except ValueError:
        raise SeedFormatError(f"cannot find the line {text!r} in the seed page") from None
