"""Discussion reads: the comment section of a thread, in the order the reader asked for."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import conf
from .models import Comment, Thread

SORTS = {
    "newest": _("Newest"),
    "oldest": _("Oldest"),
}
DEFAULT_SORT = "newest"
# Replies indent up to this depth; deeper ones stay there and name the comment they answer.
MAX_DEPTH = 3


@dataclass(frozen=True)
class CommentNode:
    comment: Comment
    depth: int
    # The author replied to, shown as "@name" once the nesting stops indenting.
    reply_to_name: str = ""


@dataclass
class CommentSection:
    thread: Thread
    sort: str
    nodes: list[CommentNode] = field(default_factory=list)
    total: int = 0  # visible comments, replies included
    top_level_total: int = 0
    top_level_shown: int = 0

    @property
    def has_more(self) -> bool:
        return self.top_level_shown < self.top_level_total


def thread_for_article(*, article) -> Thread | None:
    """Return the article's thread, or None when nobody has commented yet."""
    return Thread.objects.filter(article=article).first()


def comment_section(*, thread: Thread | None, sort: str = DEFAULT_SORT, show_all: bool = False,
                    ) -> CommentSection:
    """Return the visible comments of `thread` as display rows: top-level ones in `sort` order,
    each followed by its replies in time order. Unless `show_all`, only the first page of
    top-level comments (DISCUSSION_FIRST_PAGE) is included.
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    section = CommentSection(thread=thread, sort=sort)
    if thread is None:
        return section
    comments = list(
        Comment.objects.visible().filter(thread=thread).select_related("user").order_by("created_at", "id")
    )
    children: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        children[comment.parent_id].append(comment)
    top = children[None]
    if sort == "newest":
        top = list(reversed(top))
    section.total = sum(1 for c in comments if c.status == Comment.Status.VISIBLE)
    section.top_level_total = len(top)
    if not show_all:
        top = top[: conf.get("DISCUSSION_FIRST_PAGE")]
    section.top_level_shown = len(top)
    by_id = {c.pk: c for c in comments}
    for comment in top:
        section.nodes.extend(_with_replies(comment, children, by_id))
    return section


def _with_replies(root: Comment, children, by_id) -> list[CommentNode]:
    """Return `root` and its replies depth first, replies oldest first (no recursion: threads
    imported from elsewhere can nest thousands deep)."""
    nodes = []
    stack = [(root, 0)]
    while stack:
        comment, depth = stack.pop()
        reply_to = ""
        if depth > MAX_DEPTH:
            parent = by_id.get(comment.parent_id)
            reply_to = (parent.author_name or str(_("Anonymous"))) if parent else ""
        nodes.append(CommentNode(comment=comment, depth=min(depth, MAX_DEPTH), reply_to_name=reply_to))
        stack.extend((reply, depth + 1) for reply in reversed(children.get(comment.pk, ())))
    return nodes
