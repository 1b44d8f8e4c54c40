from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tribune.core.db.pipeline import atomic_pipelined
from tribune.core.errors import DomainError, NotFoundError
from tribune.core.ratelimit import rate_limit_hit
from tribune.core.rows import pks_reserve_later, row_get, row_insert, row_update, rows_values_later
from tribune.core.text import COMMENT, render_markdown

from .. import conf
from ..gate import FLOOD_SCOPE, FLOOD_WINDOW, HOLD, REJECT, Candidate, comment_verdict
from ..identity import Reader
from ..models import Anchor, Comment, Thread, comment_fields_derive
from ..rules import comment_can_edit, comment_is_mine, thread_accepts_comments
from ..signals import comment_deleted, comment_edited, comment_hidden, comment_posted, comment_refused
from .anchors import AnchorInvalidError, anchor_store, passage_locate
from .threads import thread_touch


class ThreadClosedError(DomainError):
    code = "thread_closed"
    status = 409


class CommentBodyInvalidError(DomainError):
    code = "comment_body_invalid"


class CommentNameRequiredError(DomainError):
    code = "comment_name_required"


class CommentEmailInvalidError(DomainError):
    code = "comment_email_invalid"


class CommentRejectedError(DomainError):
    code = "comment_rejected"


class CommentParentInvalidError(DomainError):
    code = "comment_parent_invalid"


class CommentParentNotFoundError(NotFoundError):
    # The API's code for any comment it cannot find, as before replies were checked here.
    code = "comment_not_found"


class CommentNotYoursError(DomainError):
    code = "comment_not_yours"
    status = 403


class CommentEditWindowClosedError(DomainError):
    code = "comment_edit_window_closed"
    status = 403


ANONYMOUS_READER = Reader()


def comment_post(
    *,
    thread: Thread,
    body: str,
    reader: Reader = ANONYMOUS_READER,
    guest_name: str = "",
    guest_email: str = "",
    parent_id: int | None = None,
    anchor_id: int | None = None,
    passage: dict | None = None,
    created_at=None,
) -> Comment:
    """Store a comment (or a reply to the comment `parent_id`) in `thread` and return it.

    A registered reader posts as themself; a guest gives `guest_name`, or nothing when the site
    allows anonymous comments. The comment is held for review (status pending) when the site
    holds a new guest's first comment. The comment replied to must be in `thread`
    (CommentParentNotFoundError) and shown (CommentParentInvalidError); pages and the API leave
    that check to this function. Raises ThreadClosedError, CommentBodyInvalidError,
    CommentNameRequiredError, CommentEmailInvalidError, CommentParentNotFoundError,
    CommentParentInvalidError, AnchorInvalidError or RateLimitedError.
    """
    if not thread_accepts_comments(thread=thread):
        raise ThreadClosedError(_("Comments are closed here."))
    body = comment_body_clean(body)
    guest_name = " ".join((guest_name or "").split())[:80]
    guest_email = (guest_email or "").strip()[:254]
    if reader.user is None:
        if not guest_name and not conf.get("DISCUSSION_ALLOW_ANONYMOUS"):
            raise CommentNameRequiredError(_("Give a name to post a comment."))
        if guest_email:
            try:
                validate_email(guest_email)
            except ValidationError:
                raise CommentEmailInvalidError(_("Enter a valid email address, or none.")) from None
    parent = _parent(thread=thread, parent_id=parent_id)
    # About a passage: an editor's question (`anchor_id`), or the reader's selection (`passage`:
    # exact, prefix, suffix, start, end), checked now and stored with the comment.
    anchor = selector = None
    if (anchor_id is not None or passage is not None) and thread.article_id is None:
        raise AnchorInvalidError(_("Only articles have passages to comment on."))
    if anchor_id is not None:
        anchor = Anchor.objects.filter(pk=anchor_id, article_id=thread.article_id).first()
        if anchor is None:
            raise AnchorInvalidError(_("That passage is not in this article."))
    elif passage is not None:
        selector = passage_locate(article=thread.article, **passage)
    elif parent is not None:
        # A reply is about the same passage as the comment it answers.
        anchor = parent.anchor
    verdict = comment_verdict(
        Candidate(thread=thread, body=body, reader=reader, guest_email=guest_email)
    )
    if verdict.action == REJECT:
        comment_refused.send(sender=Comment, thread=thread, reason=verdict.reason)
        raise CommentRejectedError(verdict.reason)
    held = verdict.action == HOLD
    body_html = render_markdown(body, profile=COMMENT)
    comment = Comment(
        thread=thread,
        parent=parent,
        anchor=anchor,
        user=reader.user,
        guest_name="" if reader.user else guest_name,
        guest_email="" if reader.user else guest_email,
        guest_key_hash="" if reader.user else reader.guest_key_hash,
        address_hash=reader.address_hash,
        body=body,
        body_html=body_html,
        status=Comment.Status.PENDING if held else Comment.Status.VISIBLE,
        moderation_reason=verdict.reason if held else "",
        likely_spam=held and verdict.likely_spam,
    )
    # One write transaction per comment: the rate-limit count, the comment and its announcement
    # together (SQLite has one write lock, held from BEGIN to COMMIT: everything that can be
    # done before is). A refusal rolls the count back, and the count stays at the limit. On
    # PostgreSQL the statements go out pipelined: two round trips (BEGIN with the key and the
    # counts, the rest with COMMIT) instead of ten (core.db.pipeline).
    with atomic_pipelined():
        # A top-level comment is its own root: with its key drawn first, the INSERT writes the
        # root too, where an UPDATE after it would write the new row and every index (root is
        # indexed, the trigram indexes of the text among them) a second time. On PostgreSQL the
        # draw joins the rate count's round trip.
        drawn = pks_reserve_later(Comment, 1) if parent is None else None
        if reader.address_hash:
            limit, window = conf.get("DISCUSSION_POST_RATE")
            rate_limit_hit(scope="comment_post", key=reader.address_hash, limit=limit, window=window,
                           also=((FLOOD_SCOPE, FLOOD_WINDOW),))
        if selector is not None:
            comment.anchor = anchor_store(article=thread.article, selector=selector)
        if drawn is not None:
            comment.pk = drawn()[0]
        # What Comment.save() would set (row_insert skips save()): the digest and the root.
        comment_fields_derive(comment, parent=parent)
        # Statements built once (core.rows): the write lock is held until the commit.
        row_insert(comment)
        if created_at is not None:
            # Imports and the demo keep the original time; auto_now_add always sets "now".
            comment.created_at = created_at
            row_update(Comment, comment.pk, created_at=created_at)
        # A held comment changes no count: the lists of articles stay cached.
        thread_touch(thread=thread, counts_changed=not held, one_published=not held)
        # In the comment's transaction: what receivers write (the announcement's task) commits
        # with the comment or not at all.
        comment_posted.send(sender=Comment, comment=comment, held=held)
        # The count with this comment, read after the thread's row was locked (no other post
        # comes between), in the COMMIT's round trip.
        published = rows_values_later(Thread, ("published_count",), pk=thread.pk)
    thread.published_count = published()[0][0]
    return comment


def comment_edit(*, comment: Comment, reader: Reader, body: str) -> Comment:
    """Replace the author's text, after the checks a post of that text would meet, and mark the
    comment edited.

    Only the author edits, while the edit window is open. The new text meets every moderation
    check of a post (bans, words, links, repeats other than this comment, pre-moderation, a
    guest's first comment) except the rate counts, with the same outcome and reason:

    - reject: the edit is refused (CommentRejectedError with the reason) and nothing changes;
    - hold: the text is stored and the comment goes back to review: pending, hidden from other
      readers (a placeholder where replies hang under it), in the queue with the reason, which
      the caller shows the writer as for a held post. It is not announced again: a moderator's
      approval queues emails only for addresses that never had one about it (the outbox keeps one
      row per address and comment);
    - allow: the text is stored and the comment keeps its status; an edit never publishes a
      comment that waits for review.

    Unchanged text changes nothing. Raises CommentNotYoursError, CommentEditWindowClosedError,
    CommentBodyInvalidError or CommentRejectedError.
    """
    if not comment_is_mine(comment=comment, reader=reader):
        raise CommentNotYoursError(_("You can only edit your own comments."))
    if not comment_can_edit(comment=comment, reader=reader):
        raise CommentEditWindowClosedError(_("This comment can no longer be edited."))
    body = comment_body_clean(body)
    if body == comment.body:
        return comment
    verdict = comment_verdict(Candidate(
        thread=comment.thread, body=body, reader=reader, guest_email=comment.guest_email,
        comment_id=comment.pk,
    ))
    if verdict.action == REJECT:
        raise CommentRejectedError(verdict.reason)
    held = verdict.action == HOLD
    hidden = held and comment.status == Comment.Status.VISIBLE
    with transaction.atomic():
        comment.body = body
        comment.body_html = render_markdown(body, profile=COMMENT)
        comment.edited_at = timezone.now()
        fields = ["body", "body_html", "edited_at", "updated_at"]
        if held:
            comment.status = Comment.Status.PENDING
            comment.moderation_reason = verdict.reason
            comment.likely_spam = verdict.likely_spam
            fields += ["status", "moderation_reason", "likely_spam"]
        comment.save(update_fields=fields)
        # A comment sent back to review leaves the published count, and every list showing it.
        thread_touch(thread=comment.thread, counts_changed=hidden)
        if hidden:
            transaction.on_commit(lambda: comment_hidden.send(sender=Comment, comment=comment))
        transaction.on_commit(lambda: comment_edited.send(sender=Comment, comment=comment, held=held))
    return comment


def comment_delete(*, comment: Comment, reader: Reader) -> Comment:
    """Delete a comment: its text and its author's details are erased. Replies stay in place,
    under "This comment was deleted.". Raises CommentNotYoursError."""
    if not comment_is_mine(comment=comment, reader=reader) and not _is_staff(reader):
        raise CommentNotYoursError(_("You can only delete your own comments."))
    comments_erase(comments=[comment])
    return comment


def comment_body_clean(body: str) -> str:
    """Return `body` as a comment stores it; raise CommentBodyInvalidError when it is empty or
    longer than DISCUSSION_MAX_LENGTH."""
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise CommentBodyInvalidError(_("Write something before posting."))
    limit = conf.get("DISCUSSION_MAX_LENGTH")
    if len(body) > limit:
        raise CommentBodyInvalidError(
            _("A comment can be at most %(limit)s characters long; this one has %(length)s.")
            % {"limit": limit, "length": len(body)}
        )
    return body


def comments_erase(*, comments: list[Comment]) -> None:
    """Erase the text and the author's details of `comments` (replies stay in place), in one
    transaction that touches each of their threads once."""
    threads = {}
    with transaction.atomic():
        for comment in comments:
            comment.status = Comment.Status.DELETED
            comment.body = comment.body_html = ""
            comment.guest_name = comment.guest_email = ""
            comment.save(update_fields=["status", "body", "body_html", "guest_name", "guest_email",
                                        "updated_at"])
            threads[comment.thread_id] = comment.thread
        for thread in threads.values():
            thread_touch(thread=thread)
        for comment in comments:
            transaction.on_commit(partial(comment_deleted.send, sender=Comment, comment=comment))


def _parent(*, thread: Thread, parent_id: int | None) -> Comment | None:
    """Return the comment a reply answers: one of `thread`'s, shown to readers."""
    if parent_id is None:
        return None
    # Every reply looks its parent up: a statement built once (core.rows).
    parent = row_get(Comment, pk=parent_id, thread_id=thread.pk)
    if parent is None:
        raise CommentParentNotFoundError(_("The comment you are replying to is not in this thread."))
    if parent.status != Comment.Status.VISIBLE:
        raise CommentParentInvalidError(_("The comment you are replying to is not available."))
    return parent


def _is_staff(reader: Reader) -> bool:
    return reader.user is not None and reader.user.has_perm("discussion.change_comment")
