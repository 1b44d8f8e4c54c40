"""The neutral records every reader yields and the writer stores.

A reader turns one system's export into a stream of these, in file order: ArticleRecord and
ThreadRecord before the comments that use them, CommentRecord, VoteRecord, and Problem for
anything it had to skip or repair. Nothing here touches the database.
"""

from dataclasses import dataclass
from datetime import datetime

# Comment statuses, as Tribune names them (Comment.Status values).
VISIBLE, PENDING, DELETED, REJECTED, SPAM = "visible", "pending", "deleted", "rejected", "spam"


@dataclass(slots=True)
class ArticleRecord:
    """A post of the source system that becomes a Tribune article when the operator asks."""

    slug: str
    headline: str
    body: str
    published_at: datetime | None = None
    published: bool = False


@dataclass(slots=True)
class ThreadRecord:
    """A page with comments. `key` is the source's thread id; comments refer to it."""

    key: str
    url: str = ""
    title: str = ""
    # A slug the source knows for the page (WordPress's post_name, Tribune's article slug).
    slug: str = ""
    is_open: bool = True
    created_at: datetime | None = None


@dataclass(slots=True)
class CommentRecord:
    """One comment. `source` + `source_id` identify it for good, so a second import skips it."""

    source: str
    source_id: str
    thread_key: str
    body: str
    # "html" bodies go through the sanitizer, "markdown" bodies through render_markdown;
    # "rendered" carries both: `body` is the source and `body_html` the sanitizer's input.
    body_format: str = "html"
    body_html: str = ""
    parent_source: str = ""
    parent_id: str = ""
    author_name: str = ""
    author_email: str = ""
    username: str = ""
    status: str = VISIBLE
    # None when the file has no readable date: the writer then uses the thread's and reports
    # `date_text`, the date as the file wrote it.
    created_at: datetime | None = None
    date_text: str = ""
    edited_at: datetime | None = None
    upvotes: int = 0
    downvotes: int = 0
    guest_key_hash: str = ""
    address_hash: str = ""
    # The passage the comment is about: an AnchorRecord's key in the same file.
    anchor_key: str = ""
    is_featured: bool = False
    moderator_note: str = ""


@dataclass(slots=True)
class AnchorRecord:
    """A passage of an article that comments point at (Tribune's own format keeps them)."""

    key: str
    article_slug: str
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int = 0
    end: int = 0
    state: str = "anchored"
    question: str = ""


@dataclass(slots=True)
class SubscriptionRecord:
    """An address following a thread (Tribune's own format keeps them, without any secret)."""

    email: str
    thread_key: str
    kind: str
    cadence: str = "each"
    username: str = ""
    confirmed_at: datetime | None = None
    suppressed_at: datetime | None = None


@dataclass(slots=True)
class VoteRecord:
    """One voter's vote on a comment (Tribune's own format keeps them one by one)."""

    comment_source: str
    comment_id: str
    voter: str
    value: int
    address_hash: str = ""
    created_at: datetime | None = None


@dataclass(slots=True)
class Problem:
    """Something in the file the import skipped (`skipped`) or stored after repairing it."""

    kind: str
    item: str
    reason: str
    skipped: bool = True
