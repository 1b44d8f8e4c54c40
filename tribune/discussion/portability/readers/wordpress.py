"""Read a WordPress export (WXR 1.0, 1.1 and 1.2; wpDiscuz's comment meta where present).

An <item> is a post or page; its <wp:comment> children are the comments. Elements are matched
by local name, so the three WXR namespaces (and exports that mangle them) read alike. Comments
are handed on as each one closes, so a post with 100,000 comments costs no more memory than
one with ten.
"""

import re
from collections.abc import Iterator
from datetime import datetime

from tribune.discussion.comments.anchoring import text_of_html

from ..records import (
    DELETED,
    PENDING,
    REJECTED,
    SPAM,
    VISIBLE,
    AnchorRecord,
    ArticleRecord,
    CommentRecord,
    Problem,
    ThreadRecord,
)
from .clean import clean_email, clean_id, clean_name, parse_date
from .xmlstream import XmlStream, child_text, local, release

SOURCE = "wordpress"
# Pingbacks and trackbacks, when kept, are stored under their own source so they stay apart.
PINGS_SOURCE = "wordpress-ping"
_STATUSES = {"1": VISIBLE, "approve": VISIBLE, "approved": VISIBLE, "0": PENDING, "hold": PENDING,
             "spam": SPAM, "trash": REJECTED, "post-trashed": REJECTED, "deleted": DELETED}
_PINGS = {"pingback", "trackback", "pings"}
_VOTE = re.compile(r'"(like|dislike)";i:(-?\d+)')
# wpDiscuz marks a passage for inline feedback in the post's text with this shortcode.
_FEEDBACK = re.compile(r"\[wpdiscuz-feedback\b([^\]]*)\](.*?)\[/wpdiscuz-feedback\]", re.S)
_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def read(stream, *, options) -> Iterator:
    """Yield records for a WXR file opened in binary.

    `options.pings` is "skip" (default) or "keep"; `options.create_articles` asks for an
    ArticleRecord per published post.
    """
    xml = XmlStream(stream)
    thread_key = None
    passages: list[str] = []
    found = 0
    for element, depth in xml:
        yield from xml.problems()
        name = local(element)
        if depth == 3 and name == "comment" and local(element.getparent()) == "item":
            found += 1
            item = element.getparent()
            if thread_key is None:
                yield from _article(item, options)
                thread_key = _thread_key(item)
                yield from _thread(item, thread_key)
                passages = []
                for anchor in _passages(item, thread_key):
                    passages.append(anchor.key)
                    yield anchor
            if xml.cut_short(element):
                yield Problem(kind="comment", item=child_text(element, "comment_id")
                              or f"line {xml.line(element)}",
                              reason="the file ends inside it, so its text may be cut; skipped")
            else:
                yield from _comment(element, thread_key, options, passages)
            _release_comment(element)
        elif depth == 2 and name == "item":
            found += 1
            if thread_key is None and not xml.cut_short(element):
                yield from _article(element, options)
            thread_key = None
            release(element)
    yield from xml.finish(root="rss", label="a WordPress export", items="item or comment",
                          found=found)


def _article(item, options) -> Iterator:
    if not options.create_articles or child_text(item, "post_type") != "post":
        return
    slug = child_text(item, "post_name")
    title = child_text(item, "title")
    # The passages' shortcodes leave the text; the passages themselves stay in it.
    body = _FEEDBACK.sub(lambda match: match.group(2), _content(item))
    if slug and title and body:
        yield ArticleRecord(
            slug=slug[:200], headline=title[:300], body=body,
            published_at=parse_date(child_text(item, "post_date_gmt"))
            or parse_date(child_text(item, "post_date")),
            published=child_text(item, "status") == "publish",
        )
    else:
        yield Problem(kind="article", item=slug or title or "(untitled)",
                      reason="post without a slug, title or text; not created")


def _thread(item, key: str) -> Iterator:
    title = child_text(item, "title")
    if not key:
        yield Problem(kind="thread", item=title or "(untitled)",
                      reason="item without a post id or link; its comments are skipped")
        return
    yield ThreadRecord(key=key, url=child_text(item, "link"), title=title,
                       slug=child_text(item, "post_name"),
                       is_open=child_text(item, "comment_status") != "closed",
                       created_at=parse_date(child_text(item, "post_date_gmt")))


def _passages(item, thread_key: str) -> Iterator[AnchorRecord]:
    """Yield the passages wpDiscuz marked for inline feedback in the post, with their questions."""
    slug = child_text(item, "post_name")
    for match in _FEEDBACK.finditer(_content(item)):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        exact = " ".join(text_of_html(match.group(2)).split())
        if slug and exact:
            yield AnchorRecord(key=f"wpdiscuz:{thread_key}:{attributes.get('id', match.start())}",
                               article_slug=slug, exact=exact[:1000],
                               question=attributes.get("question", "")[:300])


def _comment(element, thread_key: str, options, passages: list[str]) -> Iterator:
    source_id = clean_id(child_text(element, "comment_id"))
    kind = child_text(element, "comment_type").lower()
    if not source_id:
        yield Problem(kind="comment", item=f"in {thread_key or 'an item'}",
                      reason="comment without a comment_id")
        return
    if kind in _PINGS and options.pings != "keep":
        yield Problem(kind=kind, item=source_id, reason=f"{kind} skipped (--pings=keep imports them)")
        return
    approved = child_text(element, "comment_approved").lower()
    status = _STATUSES.get(approved)
    if status is None:
        yield Problem(kind="comment", item=source_id, skipped=False,
                      reason=f"unknown approval {approved!r}; held for review")
        status = PENDING
    date_text = child_text(element, "comment_date_gmt") or child_text(element, "comment_date")
    created_at = parse_date(child_text(element, "comment_date_gmt")) or \
        parse_date(child_text(element, "comment_date"))
    parent = clean_id(child_text(element, "comment_parent"))
    up, down, edited_at, feedback = _meta(element)
    anchor_key = ""
    if feedback and len(passages) == 1:
        anchor_key = passages[0]
    elif feedback:
        # The comment names wpDiscuz's database id of the passage, which the export does not
        # carry: with several passages in the post, nobody can tell which one it meant.
        yield Problem(kind="inline feedback", item=source_id, skipped=False,
                      reason=f"its post has {len(passages)} marked passages and the export does not "
                             "say which one; imported as a comment on the whole article")
    yield CommentRecord(
        source=PINGS_SOURCE if kind in _PINGS else SOURCE,
        source_id=source_id,
        thread_key=thread_key,
        # Kept as written: WordPress escapes nothing inside CDATA (see slashes.xml).
        body=child_text(element, "comment_content"),
        body_format="text",
        parent_source=SOURCE if parent not in ("", "0") else "",
        parent_id=parent if parent not in ("", "0") else "",
        author_name=clean_name(child_text(element, "comment_author")),
        author_email=clean_email(child_text(element, "comment_author_email")),
        status=status,
        created_at=created_at,
        date_text=date_text,
        edited_at=edited_at,
        upvotes=up,
        downvotes=down,
        anchor_key=anchor_key,
    )


def _meta(element) -> tuple[int, int, datetime | None, bool]:
    """Return wpDiscuz's like and dislike counts, its last edit time, and whether the comment is
    inline feedback on a passage."""
    up = down = 0
    feedback = False
    score = edited_at = None
    for meta in element:
        if local(meta) != "commentmeta":
            continue
        key = child_text(meta, "meta_key")
        value = child_text(meta, "meta_value")
        if key == "wpdiscuz_votes_seperate":
            counts = dict(_VOTE.findall(value))
            up = max(int(counts.get("like", 0)), 0)
            down = abs(int(counts.get("dislike", 0)))
        elif key == "wpdiscuz_votes" and re.fullmatch(r"-?\d+", value):
            score = int(value)
        elif key == "wpdiscuz_last_edited_at":
            edited_at = parse_date(value)
        elif "feedback" in key and value.strip() not in ("", "0"):
            feedback = True
    if not up and not down and score:
        up, down = max(score, 0), max(-score, 0)
    return up, down, edited_at, feedback


def _release_comment(element) -> None:
    # The item's own fields (link, post id) come before its comments and must stay readable.
    element.clear(keep_tail=False)
    parent = element.getparent()
    previous = element.getprevious()
    while previous is not None and local(previous) == "comment":
        earlier = previous.getprevious()
        parent.remove(previous)
        previous = earlier


def _thread_key(item) -> str:
    return clean_id(child_text(item, "post_id") or child_text(item, "link"))


def _content(item) -> str:
    for candidate in item:
        if local(candidate) == "encoded" and "content" in (candidate.tag.partition("}")[0]):
            return (candidate.text or "").strip()
    return ""

