"""What a reader may do with a comment or a thread, read from rows already loaded.

No queries and no writes: services check these before they write, selectors use them to say
what each reader may do with each comment. Both import this module; it imports neither.
"""

from django.utils import timezone

from . import conf
from .gate import thread_closed_by_rule
from .identity import Reader
from .models import Comment, Thread


def comment_is_mine(*, comment: Comment, reader: Reader) -> bool:
    """Return whether `reader` wrote `comment` (their account, or their browser's guest key)."""
    if reader.user is not None:
        return comment.user_id == reader.user.pk
    return bool(reader.guest_key) and comment.user_id is None and \
        comment.guest_key_hash == reader.guest_key_hash


def comment_can_edit(*, comment: Comment, reader: Reader, now=None) -> bool:
    """Return whether `reader` may still change `comment`'s text: their own comment, shown or
    waiting for review, within DISCUSSION_EDIT_WINDOW. Staff are readers here too: another
    person's words change only through the moderators' edit (comment_moderator_edit)."""
    if comment.status not in (Comment.Status.VISIBLE, Comment.Status.PENDING):
        return False
    now = now or timezone.now()
    return comment_is_mine(comment=comment, reader=reader) and \
        now - comment.created_at <= conf.get("DISCUSSION_EDIT_WINDOW")


def thread_accepts_comments(*, thread: Thread) -> bool:
    """Return whether new comments may be posted: open, and closed by no rule of the site's."""
    return thread.is_open and not thread_closed_by_rule(thread)
