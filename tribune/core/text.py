"""Turn Markdown written by people into HTML that is safe to show.

Text goes through markdown-it-py, then nh3; nothing else marks text safe. Each profile names the
Markdown features it turns on and the tags nh3 keeps: editors write articles with HTML where
needed, readers write comments in a small subset.
"""

from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

_INLINE = {"a", "em", "strong", "code", "br", "del"}
_BLOCK_SMALL = {"p", "blockquote", "pre"}


@dataclass(frozen=True)
class TextProfile:
    name: str
    html: bool
    rules: tuple[str, ...]
    tags: frozenset[str]
    attributes: dict
    link_rel: str | None


ARTICLE = TextProfile(
    name="article",
    html=True,
    rules=("table", "strikethrough"),
    tags=frozenset(
        _INLINE | _BLOCK_SMALL
        | {"h2", "h3", "h4", "ul", "ol", "li", "figure", "figcaption", "img", "hr", "table",
           "thead", "tbody", "tr", "th", "td", "sub", "sup", "abbr", "cite", "q", "small"}
    ),
    attributes={
        "a": {"href", "title"},
        "img": {"src", "alt", "width", "height", "title"},
        "abbr": {"title"},
        "th": {"scope"},
        "*": {"id"},
    },
    link_rel="noopener",
)

COMMENT = TextProfile(
    name="comment",
    html=False,
    rules=("strikethrough",),
    tags=frozenset(_INLINE | _BLOCK_SMALL),
    attributes={"a": {"href"}},
    link_rel="nofollow ugc noopener",
)


def render_markdown(source: str, *, profile: TextProfile) -> str:
    """Return sanitized HTML for `source` under `profile`; never raises on odd input."""
    return sanitize_html(_parser(profile).render(source or ""), profile=profile)


def sanitize_html(html: str, *, profile: TextProfile = COMMENT) -> str:
    """Return `html` (from another system, say) with only what `profile` allows; never raises."""
    return nh3.clean(
        (html or "").replace("\x00", ""),
        tags=set(profile.tags),
        attributes={k: set(v) for k, v in profile.attributes.items()},
        link_rel=profile.link_rel,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    )


def _parser(profile: TextProfile) -> MarkdownIt:
    cached = _PARSERS.get(profile.name)
    if cached is not None:
        return cached
    md = MarkdownIt("commonmark", {"html": profile.html, "linkify": False, "breaks": False})
    md.enable(list(profile.rules))
    if profile is COMMENT:
        # Readers' comments keep paragraphs, emphasis, links, quotes and code: no headings,
        # images, lists or tables that would let one comment take over the page.
        md.disable(["heading", "lheading", "image", "list", "table", "hr", "html_block",
                    "html_inline"])
    _PARSERS[profile.name] = md
    return md


# One parser per profile, built on first use; a MarkdownIt instance is safe to share.
_PARSERS: dict[str, MarkdownIt] = {}
