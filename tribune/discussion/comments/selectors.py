"""Discussion reads: comment sections in the order a reader asked for, counts, and what one
reader may do with each comment (reader_states: the page, single comments and the API's /mine
all ask it).

The first view of a thread costs the same few queries whatever its size: one count, one page
of top-level comments on an index, and their replies through `root` on another index.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tribune.core.rows import row_get, rows_values
from tribune.newsroom.models import Article

from . import conf
from .identity import Reader
from .marks import author_marks
from .models import Anchor, Comment, Thread, Vote
from .reported import comments_reported
from .rules import comment_can_edit, comment_is_mine, thread_accepts_comments

SORTS = {
    "newest": _("Newest"),
    "oldest": _("Oldest"),
    "voted": _("Most Voted"),
}
DEFAULT_SORT = "newest"
_ORDER = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "voted": ("-score", "-created_at", "-id"),
}
# Replies indent up to this depth; deeper ones stay there and name the comment they answer.
MAX_DEPTH = 3


@dataclass(frozen=True)
class ReaderState:
    """What one reader may do with one comment."""

    # They wrote it and it is not deleted: they may delete it, and neither vote on it nor report it.
    mine: bool = False
    # Theirs, and the edit window is still open.
    can_edit: bool = False
    # Their vote: 1, -1, or 0 for none.
    my_vote: int = 0
    # They reported it: its Report control reads "Reported" (only where comments are listed by
    # id, the page's and single comments; see reader_states).
    reported: bool = False


NO_STATE = ReaderState()


@dataclass(frozen=True)
class CommentNode:
    comment: Comment
    depth: int  # for indenting: 0 to MAX_DEPTH
    true_depth: int
    # The author replied to, shown as "@name" once the nesting stops indenting.
    reply_to_name: str = ""
    marks: tuple = ()
    # What the reader the node was made for may do with it (see reader_states).
    state: ReaderState = NO_STATE

    @property
    def shown(self) -> bool:
        """Whether the reader sees the author (and, unless a moderator removed it, the text):
        a published comment, or their own."""
        return self.comment.status == Comment.Status.VISIBLE or self.state.mine

    @property
    def mine(self) -> bool:
        return self.state.mine

    @property
    def can_edit(self) -> bool:
        return self.state.can_edit

    @property
    def my_vote(self) -> int:
        return self.state.my_vote

    @property
    def reported(self) -> bool:
        return self.state.reported


@dataclass
class CommentSection:
    thread: Thread | None
    sort: str
    nodes: list[CommentNode] = field(default_factory=list)
    total: int = 0  # published comments, replies included
    top_level_total: int = 0
    top_level_shown: int = 0
    page: int = 1
    page_size: int = 0
    featured: list[CommentNode] = field(default_factory=list)
    inline_only: bool = False

    @property
    def has_more(self) -> bool:
        return self.top_level_shown < self.top_level_total

    @property
    def is_open(self) -> bool:
        return self.thread is None or thread_accepts_comments(thread=self.thread)


def thread_readable(*, thread_id: int) -> Thread | None:
    """Return a thread readers may see, with its article, in one query: a page's thread, or the
    thread of a published article (a draft's thread does not exist for readers)."""
    # Every post and vote starts here: a statement built once (core.rows).
    thread = row_get(Thread, related=("article",), pk=thread_id)
    if thread is None or (thread.article_id is not None and not thread.article.is_visible):
        return None
    return thread


def thread_version(*, thread_id: int) -> tuple | None:
    """Return (created_at, version) of a thread readers may see, or None: the cheapest look at
    whether an answer cached for the thread is still current (five columns, one statement built
    once, not the article's text)."""
    rows = rows_values(Thread, ("created_at", "version", "article_id", "article__status",
                                "article__published_at"), pk=thread_id)
    if not rows:
        return None
    created_at, version, article_id, status, published_at = rows[0]
    if article_id is not None and not Article.visible(status=status, published_at=published_at):
        return None
    return created_at, version


def thread_for_url(*, url: str) -> Thread | None:
    """Return the thread of the page elsewhere at `url` (as threads store it), or None."""
    return Thread.objects.filter(url=url, article__isnull=True).first()


def thread_for_article(*, article) -> Thread | None:
    """Return the article's thread, or None when nobody has commented yet."""
    return Thread.objects.filter(article=article).first()


def comment_section(*, thread: Thread | None, sort: str = DEFAULT_SORT, show_all: bool = False,
                    page: int = 1, page_size: int | None = None,
                    reader: Reader | None = None, inline_only: bool = False,
                    anchor_id: int | None = None) -> CommentSection:
    """Return the shown comments of `thread` as display rows: top-level ones in `sort` order, each
    followed by its replies oldest first. Without `show_all`, only page `page` of top-level
    comments (DISCUSSION_FIRST_PAGE each) is included. Deleted comments appear only where
    replies hang under them. Given `reader`, their own held comments are shown too (pages
    rendered for one reader only: core.personal keeps them out of shared caches).
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    page_size = page_size or conf.get("DISCUSSION_FIRST_PAGE")
    section = CommentSection(thread=thread, sort=sort, page=max(1, page), page_size=page_size,
                             inline_only=inline_only)
    if thread is None:
        return section
    section.total = Comment.objects.filter(thread=thread, status=Comment.Status.VISIBLE).count()
    held = _held_ids(reader, thread) if reader is not None else set()
    top_query = _top_level(thread, held)
    if inline_only:
        top_query = top_query.filter(anchor__isnull=False)
    if anchor_id is not None:
        top_query = top_query.filter(anchor_id=anchor_id)
    section.top_level_total = top_query.count()
    top_query = top_query.select_related("user", "anchor").order_by(*_ORDER[sort])
    if not show_all:
        start = (section.page - 1) * page_size
        top_query = top_query[start:start + page_size]
    top = list(top_query)
    section.top_level_shown = min(section.top_level_total,
                                  len(top) + (0 if show_all else (section.page - 1) * page_size))
    replies = list(
        # Every status: _tree() keeps the unpublished ones as placeholders where published replies
        # hang under them.
        Comment.objects.filter(root_id__in=[c.pk for c in top], parent__isnull=False)
        .select_related("user", "anchor").order_by("created_at", "id")
    )
    section.nodes = _tree(top, replies, held)
    section.featured = [
        CommentNode(comment=c, depth=0, true_depth=0)
        for c in Comment.objects.filter(thread=thread, status=Comment.Status.VISIBLE, is_featured=True)
        .select_related("user", "anchor").order_by("-created_at")[:5]
    ]
    marks = author_marks([n.comment for n in section.nodes + section.featured])
    section.nodes = [replace(n, marks=tuple(marks.get(n.comment.pk, ()))) for n in section.nodes]
    section.featured = [replace(n, marks=tuple(marks.get(n.comment.pk, ()))) for n in section.featured]
    if reader is not None:
        section.nodes = _with_states(section.nodes, reader)
    return section


def reader_states(*, reader: Reader, comments: Iterable[Comment] | None = None,
                  thread: Thread | None = None, now=None, unvoted: bool = False) -> dict[int, ReaderState]:
    """Return what `reader` may do with each of `comments` or, given `thread` instead, with each
    comment of it they wrote or voted on, by comment id. Comments where they may do nothing
    special are left out (NO_STATE). One query for the votes (none with `unvoted`: comments
    just posted, which no one can have voted on), with `comments` one for those they reported
    (found by the comments' ids; /mine, by thread, leaves reports out), and with `thread` one
    for their comments.
    """
    if comments is None:
        comments = _written_by(reader, thread) if thread is not None else []
    comments = list(comments)
    votes = {}
    if reader.voter and not unvoted and (comments or thread is not None):
        voted = Vote.objects.filter(voter=reader.voter)
        voted = voted.filter(comment__thread=thread) if thread is not None else \
            voted.filter(comment_id__in=[c.pk for c in comments])
        votes = dict(voted.values_list("comment_id", "value"))
    reported = set()
    if thread is None and not unvoted:
        reported = comments_reported(voter=reader.voter, comment_ids=[
            c.pk for c in comments if c.status == Comment.Status.VISIBLE])
    now = now or timezone.now()
    states = {}
    for comment in comments:
        # Nothing of a deleted comment is theirs to manage any more, its author's name included.
        mine = comment.status != Comment.Status.DELETED and comment_is_mine(comment=comment, reader=reader)
        can_edit = mine and comment_can_edit(comment=comment, reader=reader, now=now)
        state = ReaderState(mine=mine, can_edit=can_edit, my_vote=votes.pop(comment.pk, 0),
                            reported=comment.pk in reported and not mine)
        if state != NO_STATE:
            states[comment.pk] = state
    if thread is not None:
        states.update({comment_id: ReaderState(my_vote=value) for comment_id, value in votes.items()})
    return states


def comment_counts(*, threads=None, article_ids=None) -> dict[int, int]:
    """Return published comment counts by thread id (or by article id when given article_ids),
    in one query of the threads' rows (Thread.published_count)."""
    if article_ids is not None:
        counts = dict(Thread.objects.filter(article_id__in=list(article_ids))
                      .values_list("article_id", "published_count"))
        return {article_id: counts.get(article_id, 0) for article_id in article_ids}
    ids = [t.pk if isinstance(t, Thread) else t for t in threads]
    counts = dict(Thread.objects.filter(pk__in=ids).values_list("pk", "published_count"))
    return {thread_id: counts.get(thread_id, 0) for thread_id in ids}


def anchors_for_article(*, article) -> list[Anchor]:
    """Return the article's passages with `answer_count`, their published comments, in one query."""
    return list(Anchor.objects.filter(article=article).annotate(
        answer_count=Count("comments", filter=Q(comments__status=Comment.Status.VISIBLE))
    ).order_by("start", "id"))


def comment_url(comment: Comment) -> str:
    """Return where this site shows a comment: in its article, or on the page it keeps for a
    thread of a page elsewhere (the forms of that page come back there)."""
    thread = comment.thread
    if thread.article_id:
        return f"{thread.article.get_absolute_url()}#comment-{comment.pk}"
    return f"{reverse('discussion:thread_page', args=[thread.pk])}#comment-{comment.pk}"


def comment_for_reader(*, comment_id: int) -> Comment | None:
    """Return a comment readers may see (or that its author may still manage), or None."""
    return (Comment.objects.select_related("thread__article", "user", "anchor")
            .filter(pk=comment_id).exclude(status__in=[Comment.Status.SPAM, Comment.Status.REJECTED])
            .first())


def node_for_comment(*, comment: Comment, reader: Reader | None = None, unvoted: bool = False) -> CommentNode:
    """Return one comment as a display row (for answers that add a single comment in place).
    With `unvoted` (a comment just posted) the reader's vote on it is not looked up."""
    depth = 0
    parent_name = ""
    ancestor = comment.parent
    if ancestor is not None:
        parent_name = ancestor.author_name or str(_("Anonymous"))
    while ancestor is not None and depth <= MAX_DEPTH:
        depth += 1
        ancestor = ancestor.parent
    node = CommentNode(comment=comment, depth=min(depth, MAX_DEPTH), true_depth=depth,
                       reply_to_name=parent_name if depth > MAX_DEPTH else "",
                       marks=tuple(author_marks([comment]).get(comment.pk, ())))
    return _with_states([node], reader, unvoted=unvoted)[0] if reader is not None else node


def _top_level(thread: Thread, held: set[int] = frozenset()):
    live_reply = Comment.objects.filter(root_id=OuterRef("pk"), parent__isnull=False).filter(
        Q(status=Comment.Status.VISIBLE) | Q(pk__in=held))
    shown = Q(status=Comment.Status.VISIBLE) | Q(has_live_reply=True)
    if held:
        shown |= Q(pk__in=held)
    return Comment.objects.filter(thread=thread, parent__isnull=True).alias(
        has_live_reply=Exists(live_reply)
    ).filter(shown)


def _held_ids(reader: Reader, thread: Thread | None) -> set[int]:
    """Return the ids of the reader's own comments of `thread` that wait for a moderator."""
    if thread is None:
        return set()
    return set(_written_by(reader, thread).filter(status=Comment.Status.PENDING).values_list("pk", flat=True))


def _tree(top: list[Comment], replies: list[Comment], held: set[int] = frozenset()) -> list[CommentNode]:
    children: dict[int, list[Comment]] = defaultdict(list)
    by_id = {c.pk: c for c in top}
    for reply in replies:
        children[reply.parent_id].append(reply)
        by_id[reply.pk] = reply
    # Depth first without recursion: imported threads can nest thousands deep.
    order: list[tuple[Comment, int]] = []
    for root in top:
        stack = [(root, 0)]
        while stack:
            comment, depth = stack.pop()
            order.append((comment, depth))
            stack.extend((reply, depth + 1) for reply in reversed(children.get(comment.pk, ())))
    # A deleted comment stays only to hold a published reply beneath it. Walking the depth-first
    # order backwards settles every reply before the comment it answers.
    live: set[int] = set()
    for comment, _depth in reversed(order):
        if comment.status == Comment.Status.VISIBLE or comment.pk in held or any(
            child.pk in live for child in children.get(comment.pk, ())
        ):
            live.add(comment.pk)
    nodes = []
    for comment, depth in order:
        if comment.pk not in live:
            continue
        reply_to = ""
        if depth > MAX_DEPTH:
            parent = by_id.get(comment.parent_id)
            reply_to = (parent.author_name or str(_("Anonymous"))) if parent else ""
        nodes.append(CommentNode(comment=comment, depth=min(depth, MAX_DEPTH), true_depth=depth,
                                 reply_to_name=reply_to))
    return nodes


def _with_states(nodes: list[CommentNode], reader: Reader, unvoted: bool = False) -> list[CommentNode]:
    states = reader_states(reader=reader, comments=[n.comment for n in nodes], unvoted=unvoted)
    return [replace(node, state=states.get(node.comment.pk, NO_STATE)) for node in nodes]


def _written_by(reader: Reader, thread: Thread):
    """Return the reader's comments of `thread` (none for a reader who cannot be recognised)."""
    if reader.user is not None:
        return Comment.objects.filter(thread=thread, user=reader.user)
    if reader.guest_key:
        return Comment.objects.filter(thread=thread, user__isnull=True, guest_key_hash=reader.guest_key_hash)
    return Comment.objects.none()
