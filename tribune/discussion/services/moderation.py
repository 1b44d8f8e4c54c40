"""Moderators' decisions and readers' reports. Every decision is logged with who, when and why,
and touches the thread so that counts and cached answers follow."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError, PermissionDeniedError

from ..identity import Reader
from ..models import Block, Comment, ModerationAction, Report
from ..policies import moderation_settings
from ..signals import comment_approved, comment_hidden
from .deliveries import comment_announce
from .threads import thread_touch


class ReportDuplicateError(DomainError):
    code = "report_duplicate"
    status = 409


class ReportInvalidError(DomainError):
    code = "report_invalid"


def comment_approve(*, comment: Comment, moderator, reason: str = "") -> Comment:
    """Publish a held or reported comment; its reports are settled."""
    _require_moderator(moderator)
    was_visible = comment.status == Comment.Status.VISIBLE
    with transaction.atomic():
        comment.status = Comment.Status.VISIBLE
        comment.moderation_reason = ""
        comment.save(update_fields=["status", "moderation_reason", "updated_at"])
        Report.objects.filter(comment=comment, resolved=False).update(resolved=True)
        _log(comment, moderator, ModerationAction.Action.APPROVE, reason)
        thread_touch(thread=comment.thread)
        if not was_visible:
            # In the approval's own transaction, as a new comment's is in comment_post().
            comment_announce(comment=comment)
            transaction.on_commit(lambda: comment_approved.send(sender=Comment, comment=comment))
    return comment


def comment_reject(*, comment: Comment, moderator, reason: str = "") -> Comment:
    """Take a comment down; replies to it stay, under "This comment was removed"."""
    return _take_down(comment, moderator, Comment.Status.REJECTED, ModerationAction.Action.REJECT, reason)


def comment_mark_spam(*, comment: Comment, moderator, reason: str = "") -> Comment:
    return _take_down(comment, moderator, Comment.Status.SPAM, ModerationAction.Action.SPAM, reason)


def comments_moderate(*, comment_ids: list[int], action: str, moderator, reason: str = "") -> int:
    """Apply one action ("approve", "reject", "spam") to many comments; return how many."""
    service = {"approve": comment_approve, "reject": comment_reject, "spam": comment_mark_spam}.get(action)
    if service is None:
        raise DomainError(_("Unknown moderation action."), code="moderation_action_invalid")
    comments = Comment.objects.filter(pk__in=comment_ids).select_related("thread")
    with transaction.atomic():
        for comment in comments:
            service(comment=comment, moderator=moderator, reason=reason)
    return len(comments)


def comment_moderator_edit(*, comment: Comment, moderator, body: str, note: str) -> Comment:
    """Change a comment's text as a moderator, with a note that readers see under it."""
    from .comments import comment_edit

    _require_moderator(moderator)
    # PostgreSQL refuses NUL characters in text; they never mean anything in a note.
    note = note.replace("\x00", "")
    if not note.strip():
        raise DomainError(_("Say why the comment was edited; readers see the note."),
                          code="moderator_note_required")
    # One transaction: no page is rebuilt with the new text and without its note.
    with transaction.atomic():
        comment = comment_edit(comment=comment, reader=Reader(user=moderator), body=body)
        comment.moderator_note = note.strip()[:300]
        comment.save(update_fields=["moderator_note"])
        _log(comment, moderator, ModerationAction.Action.EDIT, note)
    return comment


def comment_feature(*, comment: Comment, moderator, featured: bool = True) -> Comment:
    """Show a comment first, under "Featured" (or stop)."""
    _require_moderator(moderator)
    comment.is_featured = featured
    comment.save(update_fields=["is_featured", "updated_at"])
    thread_touch(thread=comment.thread, counts_changed=False)
    action = ModerationAction.Action.FEATURE if featured else ModerationAction.Action.UNFEATURE
    _log(comment, moderator, action, "")
    return comment


def author_ban(*, comment: Comment, moderator, reason: str, expires_at=None) -> list[Block]:
    """Ban the author of `comment`: their account, or their email, browser and connection."""
    _require_moderator(moderator)
    values = []
    if comment.user_id:
        values.append((Block.Kind.ACCOUNT, str(comment.user_id)))
    if comment.guest_email:
        values.append((Block.Kind.EMAIL, comment.guest_email.lower()))
    if comment.guest_key_hash:
        values.append((Block.Kind.GUEST, comment.guest_key_hash))
    if comment.address_hash:
        values.append((Block.Kind.ADDRESS, comment.address_hash))
    with transaction.atomic():
        blocks = [Block.objects.create(kind=kind, value=value, reason=reason, expires_at=expires_at,
                                       created_by=moderator) for kind, value in values]
        _log(comment, moderator, ModerationAction.Action.BAN, reason)
    return blocks


def comment_report(*, comment: Comment, reader: Reader, reason: str, note: str = "") -> Comment:
    """Record a reader's report; at the site's threshold the comment is hidden until a moderator
    decides. Raises ReportDuplicateError when this reader already reported it."""
    if reason not in Report.Reason.values:
        raise ReportInvalidError(_("Choose a reason for the report."))
    if not reader.voter:
        raise ReportInvalidError(_("Allow cookies to report a comment, or sign in."))
    if comment.status != Comment.Status.VISIBLE:
        raise ReportInvalidError(_("This comment is already with the moderators."))
    threshold = moderation_settings().report_threshold
    with transaction.atomic():
        try:
            with transaction.atomic():
                Report.objects.create(comment=comment, reporter=reader.voter, reason=reason,
                                      note=note.replace("\x00", "")[:500])
        except IntegrityError:
            raise ReportDuplicateError(_("You already reported this comment. Thank you.")) from None
        Comment.objects.filter(pk=comment.pk).update(reports_count=F("reports_count") + 1)
        comment.refresh_from_db(fields=["reports_count"])
        if comment.reports_count >= threshold:
            comment.status = Comment.Status.PENDING
            comment.moderation_reason = _("Reported by %(n)s readers") % {"n": comment.reports_count}
            comment.save(update_fields=["status", "moderation_reason", "updated_at"])
            thread_touch(thread=comment.thread)
            transaction.on_commit(lambda: comment_hidden.send(sender=Comment, comment=comment))
    return comment


def _take_down(comment, moderator, status, action, reason):
    _require_moderator(moderator)
    was_visible = comment.status == Comment.Status.VISIBLE
    with transaction.atomic():
        comment.status = status
        comment.save(update_fields=["status", "updated_at"])
        Report.objects.filter(comment=comment, resolved=False).update(resolved=True)
        _log(comment, moderator, action, reason)
        if was_visible:
            thread_touch(thread=comment.thread)
            transaction.on_commit(lambda: comment_hidden.send(sender=Comment, comment=comment))
    return comment


def _log(comment, moderator, action, reason):
    ModerationAction.objects.create(comment=comment, moderator=moderator, action=action,
                                    reason=reason.replace("\x00", "")[:500])


def _require_moderator(user):
    if user is None or not user.has_perm("discussion.moderate_comment"):
        raise PermissionDeniedError(_("Only moderators can do this."))
