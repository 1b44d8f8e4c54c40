"""Moderators' decisions and readers' reports. Every decision is logged with who, when and why,
and touches the thread so that counts and cached answers follow. Reports hide a comment only
when enough different connections report it (see comment_report)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError, PermissionDeniedError
from tribune.core.ratelimit import rate_limit_hit
from tribune.core.text import COMMENT, render_markdown
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services.comments import CommentEditWindowClosedError, comment_body_clean
from tribune.discussion.comments.services.threads import thread_touch
from tribune.discussion.comments.signals import comment_approved, comment_edited, comment_hidden

from .. import conf
from ..models import Block, ModerationAction, ModerationSettings, Report
from ..policies import moderation_settings, reader_trusted


class ReportDuplicateError(DomainError):
    code = "report_duplicate"
    status = 409


class ReportInvalidError(DomainError):
    code = "report_invalid"


class BanTargetMissingError(DomainError):
    code = "ban_target_missing"


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
            # In the approval's own transaction, as comment_posted is in comment_post().
            comment_approved.send(sender=Comment, comment=comment)
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
    """Change a comment's text as a moderator, with a note that readers see under it and an entry
    in the log. The one way staff change another person's words (a reader's edit changes only
    their own). The moderator's judgement stands: the checks of a reader's edit do not run and
    the comment keeps its status.

    Raises PermissionDeniedError, DomainError (no note), CommentEditWindowClosedError (a comment
    deleted or taken down) or CommentBodyInvalidError.
    """
    _require_moderator(moderator)
    # PostgreSQL refuses NUL characters in text; they never mean anything in a note.
    note = note.replace("\x00", "")
    if not note.strip():
        raise DomainError(_("Say why the comment was edited; readers see the note."),
                          code="moderator_note_required")
    if comment.status not in (Comment.Status.VISIBLE, Comment.Status.PENDING):
        raise CommentEditWindowClosedError(_("This comment can no longer be edited."))
    body = comment_body_clean(body)
    # One transaction: no page is rebuilt with the new text and without its note.
    with transaction.atomic():
        comment.body = body
        comment.body_html = render_markdown(body, profile=COMMENT)
        comment.edited_at = timezone.now()
        comment.moderator_note = note.strip()[:300]
        comment.save(update_fields=["body", "body_html", "edited_at", "moderator_note", "updated_at"])
        _log(comment, moderator, ModerationAction.Action.EDIT, note)
        thread_touch(thread=comment.thread, counts_changed=False)
        transaction.on_commit(lambda: comment_edited.send(sender=Comment, comment=comment, held=False))
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


def author_ban_targets(*, comment: Comment) -> list[tuple[str, str]]:
    """Return what a ban of `comment`'s author can block, as (Block.Kind, value) pairs.

    An account when they were signed in; else what the comment recorded of a guest: their email,
    their browser's key and their connection. A comment imported from another system recorded
    no browser and no connection, and often no email either.
    """
    targets = []
    if comment.user_id:
        targets.append((Block.Kind.ACCOUNT, str(comment.user_id)))
    if comment.guest_email:
        targets.append((Block.Kind.EMAIL, comment.guest_email.lower()))
    if comment.guest_key_hash:
        targets.append((Block.Kind.GUEST, comment.guest_key_hash))
    if comment.address_hash:
        targets.append((Block.Kind.ADDRESS, comment.address_hash))
    return targets


def author_ban(*, comment: Comment, moderator, reason: str, expires_at=None,
               kinds: list[str] | None = None) -> list[Block]:
    """Ban the author of `comment`: the chosen `kinds` of what identifies them (Block.Kind values;
    None: everything the comment recorded, see author_ban_targets). Return the bans made, one
    row each, which the list of bans shows with the author's name.

    Raises BanTargetMissingError when nothing chosen can be blocked (an imported guest's comment
    recorded no browser or connection, say): no ban is reported that does not exist.
    """
    _require_moderator(moderator)
    targets = author_ban_targets(comment=comment)
    if kinds is not None:
        targets = [(kind, value) for kind, value in targets if kind in kinds]
    if not targets:
        raise BanTargetMissingError(_(
            "Nothing chosen can be banned: this comment recorded no account, email, browser or "
            "connection for its author (comments imported from another system record no browser "
            "or connection)."))
    author = (comment.author_name or _("Anonymous"))[:200]
    with transaction.atomic():
        blocks = [Block.objects.create(kind=kind, value=value, reason=reason[:300], expires_at=expires_at,
                                       created_by=moderator, author=author, comment=comment)
                  for kind, value in targets]
        _log(comment, moderator, ModerationAction.Action.BAN, reason)
    return blocks


def ban_lift(*, block: Block, moderator) -> None:
    """End a ban now; the list of bans keeps it, ended."""
    _require_moderator(moderator)
    if block.expires_at is None or block.expires_at > timezone.now():
        block.expires_at = timezone.now()
        block.save(update_fields=["expires_at", "updated_at"])


def comment_report(*, comment: Comment, reader: Reader, reason: str, note: str = "") -> Comment:
    """Record a reader's report. When counted reports from the site's threshold of different
    connections are unsettled, the comment is hidden until a moderator decides.

    Every report reaches the moderators' queue of reported comments; only some count towards
    hiding, so that one person cannot hide what others read:
    - a reader reports a comment once (ReportDuplicateError), by account or browser key;
    - a connection counts once per comment: the report of a new browser key from an address that
      already counted is kept, for the moderators, but moves nothing (the address is the
      reporter's rotating keyed hash; a report without one never counts);
    - with ModerationSettings.reports_hide_from set to signed-in or trusted readers, other
      readers' reports never count;
    - a connection sends at most DISCUSSION_REPORT_RATE reports (RateLimitedError).
    Reports a moderator settled (approving the comment) no longer count, but their connections
    still do not count again for that comment.

    Raises ReportInvalidError, ReportDuplicateError or RateLimitedError.
    """
    if reason not in Report.Reason.values:
        raise ReportInvalidError(_("Choose a reason for the report."))
    if not reader.voter:
        raise ReportInvalidError(_("Allow cookies to report a comment, or sign in."))
    if comment.status != Comment.Status.VISIBLE:
        raise ReportInvalidError(_("This comment is already with the moderators."))
    rules = moderation_settings()
    may_count = bool(reader.address_hash) and _reports_may_hide(reader, rules)
    with transaction.atomic():
        if reader.address_hash:
            limit, window = conf.get("DISCUSSION_REPORT_RATE")
            rate_limit_hit(scope="comment_report", key=reader.address_hash, limit=limit, window=window)
        report = _report_store(comment=comment, reader=reader, reason=reason,
                               note=note.replace("\x00", "")[:500], may_count=may_count)
        if not report.counted:
            return comment
        # The update locks the comment's row: of two reports at once, the second counts after the
        # first commits and sees it.
        Comment.objects.filter(pk=comment.pk).update(reports_count=F("reports_count") + 1)
        comment.refresh_from_db(fields=["reports_count", "status"])
        counted = Report.objects.filter(comment=comment, counted=True, resolved=False).count()
        if counted >= rules.report_threshold and comment.status == Comment.Status.VISIBLE:
            comment.status = Comment.Status.PENDING
            comment.moderation_reason = _("Reported by %(n)s readers") % {"n": counted}
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


def _reports_may_hide(reader: Reader, rules) -> bool:
    """Return whether the site lets `reader`'s reports count towards hiding a comment."""
    hide_from = rules.reports_hide_from
    if hide_from == ModerationSettings.ReportsHideFrom.SIGNED_IN:
        return reader.user is not None
    if hide_from == ModerationSettings.ReportsHideFrom.TRUSTED:
        return reader_trusted(reader=reader, rules=rules)
    return True


def _report_store(*, comment, reader, reason, note, may_count) -> Report:
    """Insert the report, counted when it may count and its connection has no counted report of
    this comment yet. Raises ReportDuplicateError when the reader already reported it."""
    counted = may_count and not Report.objects.filter(
        comment=comment, address_hash=reader.address_hash, counted=True).exists()
    fields = {"comment": comment, "reporter": reader.voter, "address_hash": reader.address_hash,
              "reason": reason, "note": note}
    try:
        with transaction.atomic():
            return Report.objects.create(**fields, counted=counted)
    except IntegrityError:
        if not counted or Report.objects.filter(comment=comment, reporter=reader.voter).exists():
            raise ReportDuplicateError(_("You already reported this comment. Thank you.")) from None
    # Another browser on this connection counted at the same moment: this one is kept uncounted.
    try:
        with transaction.atomic():
            return Report.objects.create(**fields, counted=False)
    except IntegrityError:
        raise ReportDuplicateError(_("You already reported this comment. Thank you.")) from None


def _log(comment, moderator, action, reason):
    ModerationAction.objects.create(comment=comment, moderator=moderator, action=action,
                                    reason=reason.replace("\x00", "")[:500])


def _require_moderator(user):
    if user is None or not user.has_perm("discussion.moderate_comment"):
        raise PermissionDeniedError(_("Only moderators can do this."))
