from django.utils.translation import gettext as _

from tribune.core.errors import DomainError
from tribune.core.text import COMMENT, render_markdown

from .. import conf
from ..models import Comment, Thread


class ThreadClosedError(DomainError):
    code = "thread_closed"
    status = 409


class CommentBodyInvalidError(DomainError):
    code = "comment_body_invalid"


class CommentNameRequiredError(DomainError):
    code = "comment_name_required"


class CommentParentInvalidError(DomainError):
    code = "comment_parent_invalid"


def comment_post(
    *,
    thread: Thread,
    body: str,
    user=None,
    guest_name: str = "",
    guest_email: str = "",
    parent: Comment | None = None,
    created_at=None,
) -> Comment:
    """Publish a comment (or a reply to `parent`) in `thread`.

    A registered reader posts as `user`; a guest gives `guest_name`, or nothing when the site
    allows anonymous comments. Raises ThreadClosedError, CommentBodyInvalidError,
    CommentNameRequiredError or CommentParentInvalidError.
    """
    if not thread.is_open:
        raise ThreadClosedError(_("Comments are closed for this article."))
    body = (body or "").strip()
    if not body:
        raise CommentBodyInvalidError(_("Write something before posting."))
    limit = conf.get("DISCUSSION_MAX_LENGTH")
    if len(body) > limit:
        raise CommentBodyInvalidError(
            _("A comment can be at most %(limit)s characters long.") % {"limit": limit}
        )
    guest_name = " ".join((guest_name or "").split())[:80]
    if user is None and not guest_name and not conf.get("DISCUSSION_ALLOW_ANONYMOUS"):
        raise CommentNameRequiredError(_("Give a name to post a comment."))
    if parent is not None and (parent.thread_id != thread.pk or parent.status != Comment.Status.VISIBLE):
        raise CommentParentInvalidError(_("The comment you are replying to is not available."))
    comment = Comment(
        thread=thread,
        parent=parent,
        user=user if user is not None and user.is_authenticated else None,
        guest_name="" if user is not None else guest_name,
        guest_email="" if user is not None else (guest_email or "").strip(),
        body=body,
        body_html=render_markdown(body, profile=COMMENT),
    )
    comment.save()
    if created_at is not None:
        # Imports and the demo keep the original time; auto_now_add always sets "now" on insert.
        Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
        comment.created_at = created_at
    return comment
