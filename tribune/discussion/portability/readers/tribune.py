"""Read Tribune's own export (docs/export-format.md) back, losing nothing.

The file is read in passes (threads, then comments, then votes), each streaming, so the order of
the lists in the file does not matter and memory stays flat.
"""

from collections.abc import Iterator

from ..errors import ImportFileError
from ..export import FORMAT, VERSION
from ..records import (
    VISIBLE,
    AnchorRecord,
    ArticleRecord,
    CommentRecord,
    Problem,
    SubscriptionRecord,
    ThreadRecord,
    VoteRecord,
)
from .clean import parse_date
from .jsonstream import items, text

_STATUSES = {"visible", "pending", "deleted", "rejected", "spam"}


def read(stream, *, options) -> Iterator:
    """Yield records for a `tribune export` file opened in binary."""
    found = next(items(stream, "format", what="Tribune export"), None)
    version = next(items(stream, "version", what="Tribune export"), None)
    if found != FORMAT:
        raise ImportFileError(f"not a Tribune export: \"format\" is {found!r}, not {FORMAT!r}")
    if version != VERSION:
        raise ImportFileError(f"Tribune export version {version!r} is not one this site reads "
                              f"(it reads version {VERSION})")
    for thread in items(stream, "threads.item", what="Tribune export"):
        yield from _thread(thread)
    for anchor in items(stream, "anchors.item", what="Tribune export"):
        yield AnchorRecord(
            key=text(anchor.get("id")), article_slug=text(anchor.get("article")),
            exact=text(anchor.get("exact")), prefix=text(anchor.get("prefix")),
            suffix=text(anchor.get("suffix")), start=_number(anchor.get("start")),
            end=_number(anchor.get("end")), state=text(anchor.get("state")) or "anchored",
            question=text(anchor.get("question")),
        )
    for comment in items(stream, "comments.item", what="Tribune export"):
        yield from _comment(comment)
    for vote in items(stream, "votes.item", what="Tribune export"):
        comment_source, _, comment_id = text(vote.get("comment")).partition(":")
        yield VoteRecord(comment_source=comment_source, comment_id=comment_id,
                         voter=text(vote.get("voter")), value=int(vote.get("value") or 0),
                         address_hash=text(vote.get("address_hash")),
                         created_at=parse_date(vote.get("created_at")))
    for subscription in items(stream, "subscriptions.item", what="Tribune export"):
        yield SubscriptionRecord(
            email=text(subscription.get("email")), thread_key=text(subscription.get("thread")),
            kind=text(subscription.get("kind")), cadence=text(subscription.get("cadence")) or "each",
            username=text(subscription.get("user")),
            confirmed_at=parse_date(subscription.get("confirmed_at")),
            suppressed_at=parse_date(subscription.get("suppressed_at")),
        )


def _thread(thread: dict) -> Iterator:
    article = thread.get("article") or {}
    if article.get("slug"):
        yield ArticleRecord(slug=text(article["slug"]), headline=text(article.get("headline")),
                            body=text(article.get("headline")), published=False)
    yield ThreadRecord(key=text(thread.get("id")), url=text(thread.get("url")),
                       title=text(thread.get("title")), slug=text(article.get("slug")),
                       is_open=thread.get("is_open", True) is not False,
                       created_at=parse_date(thread.get("created_at")))


def _comment(comment: dict) -> Iterator:
    source, _, source_id = text(comment.get("key")).partition(":")
    if not source or not source_id:
        yield Problem(kind="comment", item=text(comment.get("id")), reason="comment without a key")
        return
    parent_source, _, parent_id = text(comment.get("parent")).partition(":")
    status = text(comment.get("status")) or VISIBLE
    if status not in _STATUSES:
        yield Problem(kind="comment", item=source_id, reason=f"unknown status {status!r}")
        return
    yield CommentRecord(
        source=source, source_id=source_id, thread_key=text(comment.get("thread")),
        body=text(comment.get("body")), body_format="rendered",
        body_html=text(comment.get("body_html")),
        parent_source=parent_source, parent_id=parent_id,
        author_name=text(comment.get("guest_name")), author_email=text(comment.get("guest_email")),
        username=text(comment.get("user")), status=status,
        created_at=parse_date(comment.get("created_at")),
        edited_at=parse_date(comment.get("edited_at")),
        upvotes=int(comment.get("upvotes") or 0), downvotes=int(comment.get("downvotes") or 0),
        guest_key_hash=text(comment.get("guest_key_hash")),
        address_hash=text(comment.get("address_hash")),
        anchor_key=text(comment.get("anchor")),
        is_featured=comment.get("is_featured") is True,
        moderator_note=text(comment.get("moderator_note"))[:300],
    )


def _number(value) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0
