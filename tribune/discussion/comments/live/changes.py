"""What changed in a thread between two looks at it: the reads behind a live event.

A server process that holds readers of a thread keeps a light picture of it (`ThreadState`:
per comment its parent, status, times of change, note and votes; one indexed query, no text).
When the thread's version moves, it takes a new picture and compares: the comments that
appeared (published), whose text, status or note changed, and whose votes changed. Only the
first two are loaded in full and written as the API's comment JSON; votes travel as four
numbers. The event is built once per change per process, whatever the number of readers.

Plain synchronous reads through the ORM: the live server runs them on its database thread.
"""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from ..api.render import comment_dict
from ..marks import author_marks
from ..models import Comment
from ..selectors import MAX_DEPTH, CommentNode, thread_version

VISIBLE = Comment.Status.VISIBLE
# The columns a picture keeps per comment: what the API's JSON of it depends on, but the text.
_COLUMNS = ("id", "parent_id", "status", "updated_at", "edited_at", "moderator_note", "anchor_id",
            "upvotes", "downvotes", "score")


@dataclass
class ThreadState:
    """A light picture of a thread at `version`: per comment id, its row of _COLUMNS."""

    thread_id: int
    created_at: object
    version: int
    rows: dict[int, tuple] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Published comments, as the API counts them (comment_counts)."""
        return sum(1 for row in self.rows.values() if row[2] == VISIBLE)


@dataclass
class Change:
    """The difference between two pictures, ready to send: `data` is the event's JSON."""

    before: int
    version: int
    data: bytes
    # Nothing a reader sees changed (an opened thread, a note on a hidden comment): no event.
    empty: bool = False


def thread_state(*, thread_id: int) -> ThreadState | None:
    """Return the picture of a thread readers may see, or None (no such thread, or its article is
    not published). The version is read first: the rows read after it are at least as new."""
    current = thread_version(thread_id=thread_id)
    if current is None:
        return None
    created_at, version = current
    rows = Comment.objects.filter(thread_id=thread_id).values_list(*_COLUMNS)
    return ThreadState(thread_id=thread_id, created_at=created_at, version=version,
                       rows={row[0]: row for row in rows})


def thread_change(*, before: ThreadState, after: ThreadState, most: int) -> Change:
    """Return what readers of the thread must learn between the pictures `before` and `after`.

    At most `most` new comments are written out in full; beyond that the event only counts them
    (`more`), and a reader who wants them asks the API, as for a missed change.
    """
    new, changed, votes = [], [], []
    for pk, row in after.rows.items():
        old = before.rows.get(pk)
        # Published since the last look: posted, or approved after waiting for review (readers
        # never saw it either way).
        if old is None or (old[2] != VISIBLE and row[2] == VISIBLE):
            if row[2] == VISIBLE:
                new.append(pk)
            continue
        if old[:7] != row[:7]:
            # Edited, deleted, taken down, noted by a moderator; a change to a comment readers
            # never saw (held, then rejected) shows them nothing.
            if old[2] == VISIBLE:
                changed.append(pk)
        elif old[7:] != row[7:] and row[2] == VISIBLE:
            votes.append([pk, row[7], row[8], row[9]])
    new.sort()
    more = max(0, len(new) - most)
    shown = new[:most] + changed
    comments = _comment_json(shown, after) if shown else []
    body = {
        "thread_id": after.thread_id,
        "version": after.version,
        "comment_count": after.count,
        "comments": comments,
        "votes": votes,
        "more": more,
    }
    data = json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    return Change(before=before.version, version=after.version, data=data,
                  empty=not (comments or votes or more or after.count != before.count))


def _comment_json(ids: list[int], state: ThreadState) -> list[dict]:
    """Return the comments `ids` as the API writes them, in the order given. Their depth comes
    from the picture's parents, so no ancestor is loaded but the one a deep reply names."""
    loaded = Comment.objects.filter(pk__in=ids).select_related("user", "anchor", "parent__user")
    comments = {c.pk: c for c in loaded}
    marks = author_marks(comments.values())
    out = []
    for pk in ids:
        comment = comments.get(pk)
        if comment is None:
            continue
        depth = _depth(pk, state)
        reply_to = ""
        if depth > MAX_DEPTH and comment.parent is not None:
            reply_to = comment.parent.author_name or str(_("Anonymous"))
        node = CommentNode(comment=comment, depth=min(depth, MAX_DEPTH), true_depth=depth,
                           reply_to_name=reply_to, marks=tuple(marks.get(pk, ())))
        out.append(comment_dict(node))
    return out


def _depth(pk: int, state: ThreadState) -> int:
    depth = 0
    parent = state.rows[pk][1] if pk in state.rows else None
    # Imported threads may nest thousands deep: a loop, and a bound against a broken cycle.
    while parent is not None and depth < len(state.rows):
        depth += 1
        row = state.rows.get(parent)
        parent = row[1] if row else None
    return depth
