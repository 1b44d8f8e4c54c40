"""Moderation reads: the queues, and each author's record, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from tribune.discussion.comments.models import Comment

from .models import Block, ModerationAction, Report

QUEUES = ("pending", "reported", "spam")


@dataclass(frozen=True)
class AuthorRecord:
    approved: int
    rejected: int
    reports: int


@dataclass(frozen=True)
class QueueItem:
    comment: Comment
    record: AuthorRecord
    reasons: list[str]
    # What readers wrote with their unsettled reports ("Anything the moderators should know").
    notes: list[str] = field(default_factory=list)


def moderation_queue(*, queue: str, oldest_first: bool = False, limit: int = 50) -> list[QueueItem]:
    """Return the comments waiting in `queue` ("pending", "reported" or "spam") with their
    article, parent, author's record and why they are there."""
    comments = Comment.objects.select_related("thread__article", "parent__user", "user")
    if queue == "spam":
        comments = comments.filter(status=Comment.Status.PENDING, likely_spam=True)
    elif queue == "reported":
        comments = comments.filter(status__in=[Comment.Status.VISIBLE, Comment.Status.PENDING],
                                   reports__resolved=False).distinct()
    else:
        comments = comments.filter(status=Comment.Status.PENDING, likely_spam=False).filter(~_reported())
    order = ("created_at", "id") if oldest_first else ("-created_at", "-id")
    items = list(comments.order_by(*order)[:limit])
    records = _records(items)
    report_reasons = _report_reasons(items)
    notes = _report_notes(items)
    return [
        QueueItem(comment=c, record=records[_author_key(c)],
                  reasons=[r for r in [c.moderation_reason, *report_reasons.get(c.pk, [])] if r],
                  notes=notes.get(c.pk, []))
        for c in items
    ]


def queue_counts() -> dict[str, int]:
    """Return how many comments wait in each queue."""
    pending = Comment.objects.filter(status=Comment.Status.PENDING)
    return {
        "pending": pending.filter(likely_spam=False).filter(~_reported()).count(),
        "reported": Comment.objects.filter(
            status__in=[Comment.Status.VISIBLE, Comment.Status.PENDING], reports__resolved=False
        ).distinct().count(),
        "spam": pending.filter(likely_spam=True).count(),
    }


def ban_list(*, limit: int = 200):
    """Return the bans, those in force first (newest first), then those that ended."""
    in_force = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    return (Block.objects.select_related("created_by", "comment__thread__article")
            .annotate(in_force=Case(When(in_force, then=Value(True)), default=Value(False),
                                    output_field=BooleanField()))
            .order_by("-in_force", "-created_at", "-id")[:limit])


def moderation_log(*, limit: int = 100):
    return ModerationAction.objects.select_related("moderator", "comment").order_by("-created_at")[:limit]


def comments_reported_by(voter: str, comment_ids: list[int]) -> set[int]:
    """Return the ids among `comment_ids` that the reader known as `voter` reported (the comment
    section asks, see comments.reported): one query on the reports' (comment, reporter) index."""
    return set(Report.objects.filter(comment_id__in=comment_ids, reporter=voter)
               .values_list("comment_id", flat=True))


def _reported() -> Exists:
    # A held comment with reports nobody settled waits in the reported queue, with their reasons;
    # one whose reports were settled (approved, then its author's edit held) waits here again.
    return Exists(Report.objects.filter(comment=OuterRef("pk"), resolved=False))


def _author_key(comment: Comment):
    if comment.user_id:
        return ("user", comment.user_id)
    if comment.guest_email:
        return ("email", comment.guest_email.lower())
    return ("guest", comment.guest_key_hash or f"anonymous-{comment.pk}")


def _records(items: list[Comment]) -> dict:
    counts = {
        "approved": Count("id", filter=Q(status=Comment.Status.VISIBLE)),
        "rejected": Count("id", filter=Q(status__in=[Comment.Status.REJECTED, Comment.Status.SPAM])),
    }
    reports = _reports_by_author(items)
    records = {}
    user_ids = {c.user_id for c in items if c.user_id}
    emails = {c.guest_email.lower() for c in items if not c.user_id and c.guest_email}
    keys = {c.guest_key_hash for c in items if not c.user_id and not c.guest_email and c.guest_key_hash}
    if user_ids:
        for row in Comment.objects.filter(user_id__in=user_ids).values("user_id").annotate(**counts):
            key = ("user", row["user_id"])
            records[key] = AuthorRecord(row["approved"], row["rejected"], reports.get(key, 0))
    if emails:
        rows = Comment.objects.filter(user__isnull=True, guest_email__in=emails).values("guest_email")
        for row in rows.annotate(**counts):
            key = ("email", row["guest_email"].lower())
            old = records.get(key, AuthorRecord(0, 0, reports.get(key, 0)))
            records[key] = AuthorRecord(old.approved + row["approved"], old.rejected + row["rejected"],
                                        old.reports)
    if keys:
        rows = Comment.objects.filter(user__isnull=True, guest_key_hash__in=keys).values("guest_key_hash")
        for row in rows.annotate(**counts):
            key = ("guest", row["guest_key_hash"])
            records[key] = AuthorRecord(row["approved"], row["rejected"], reports.get(key, 0))
    for comment in items:
        records.setdefault(_author_key(comment), AuthorRecord(0, 0, 0))
    return records


def _report_reasons(items: list[Comment]) -> dict[int, list[str]]:
    reasons: dict[int, list[str]] = {}
    rows = (Report.objects.filter(comment__in=items, resolved=False).values("comment_id", "reason")
            .annotate(n=Count("id")))
    labels = dict(Report.Reason.choices)
    for row in rows:
        reasons.setdefault(row["comment_id"], []).append(f"{labels[row['reason']]} ×{row['n']}")
    return reasons


def _reports_by_author(items: list[Comment]) -> dict:
    """Return how many reports readers made of each author's comments, by author key.

    Every report counts here, those that did not count towards hiding a comment included (a
    second browser on one connection, a guest where only signed-in readers' reports hide): the
    comment's stored reports_count counts connections, not what moderators need to know.
    """
    found: dict = {}
    user_ids = {c.user_id for c in items if c.user_id}
    emails = {c.guest_email.lower() for c in items if not c.user_id and c.guest_email}
    keys = {c.guest_key_hash for c in items if not c.user_id and not c.guest_email and c.guest_key_hash}
    if user_ids:
        rows = (Report.objects.filter(comment__user_id__in=user_ids).values("comment__user_id")
                .annotate(n=Count("id")))
        found.update({("user", row["comment__user_id"]): row["n"] for row in rows})
    if emails:
        rows = (Report.objects.filter(comment__user__isnull=True, comment__guest_email__in=emails)
                .values("comment__guest_email").annotate(n=Count("id")))
        for row in rows:
            key = ("email", row["comment__guest_email"].lower())
            found[key] = found.get(key, 0) + row["n"]
    if keys:
        rows = (Report.objects.filter(comment__user__isnull=True, comment__guest_key_hash__in=keys)
                .values("comment__guest_key_hash").annotate(n=Count("id")))
        found.update({("guest", row["comment__guest_key_hash"]): row["n"] for row in rows})
    return found


def _report_notes(items: list[Comment]) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    rows = (Report.objects.filter(comment__in=items, resolved=False).exclude(note="")
            .order_by("created_at", "id").values_list("comment_id", "note"))
    for comment_id, note in rows:
        notes.setdefault(comment_id, []).append(note)
    return notes
