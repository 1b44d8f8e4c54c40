"""Moderation reads: the queues, and each author's record, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum

from tribune.discussion.comments.models import Comment

from .models import ModerationAction, Report

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
    return [
        QueueItem(comment=c, record=records[_author_key(c)],
                  reasons=[r for r in [c.moderation_reason, *report_reasons.get(c.pk, [])] if r])
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


def moderation_log(*, limit: int = 100):
    return ModerationAction.objects.select_related("moderator", "comment").order_by("-created_at")[:limit]


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
        # The stored count: joining the reports would count each comment once per report.
        "reports": Sum("reports_count"),
    }
    records = {}
    user_ids = {c.user_id for c in items if c.user_id}
    emails = {c.guest_email.lower() for c in items if not c.user_id and c.guest_email}
    keys = {c.guest_key_hash for c in items if not c.user_id and not c.guest_email and c.guest_key_hash}
    if user_ids:
        for row in Comment.objects.filter(user_id__in=user_ids).values("user_id").annotate(**counts):
            records[("user", row["user_id"])] = AuthorRecord(row["approved"], row["rejected"], row["reports"])
    if emails:
        rows = Comment.objects.filter(user__isnull=True, guest_email__in=emails).values("guest_email")
        for row in rows.annotate(**counts):
            key = ("email", row["guest_email"].lower())
            old = records.get(key, AuthorRecord(0, 0, 0))
            records[key] = AuthorRecord(old.approved + row["approved"], old.rejected + row["rejected"],
                                        old.reports + row["reports"])
    if keys:
        rows = Comment.objects.filter(user__isnull=True, guest_key_hash__in=keys).values("guest_key_hash")
        for row in rows.annotate(**counts):
            records[("guest", row["guest_key_hash"])] = AuthorRecord(row["approved"], row["rejected"],
                                                                    row["reports"])
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
