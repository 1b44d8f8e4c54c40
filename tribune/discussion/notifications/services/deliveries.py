"""The email outbox: decide who hears about a comment, then send each email exactly once.

`comment_announce` is the entry point: call it when a comment becomes visible (posted without
review, or approved by a moderator). It only enqueues a task; the task runs
`comment_deliveries_create`, which writes one Delivery row per address in one transaction.
The unique (address, comment) row is what makes a second announcement, a second worker or a
restarted task harmless.

`delivery_send` claims a row with one UPDATE ... WHERE state = 'queued', so of two workers
holding the same task only one talks to the mail server. A failure puts the row back in the
queue with a later `next_attempt_at` (DISCUSSION_DELIVERY_RETRY_DELAYS) and enqueues a retry;
after the last delay it stays "failed", in the admin's list of deliveries and in the log. A row
left "sending" by a crashed worker is never sent again automatically (the mail server may have
taken it): `delivery_resume` marks it failed for the operator to look at.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from tribune.core.db.outage import outage_retry
from tribune.discussion.comments.models import Comment

from .. import conf
from ..messages import message_for_delivery
from ..models import Delivery, Subscriber
from ..queue import enqueue, enqueue_with_transaction
from ..recipients import comment_recipients, mentioned_users
from .subscribers import subscriber_for_email

logger = logging.getLogger("tribune.discussion.deliveries")


def comment_announce(*, comment: Comment) -> None:
    """Schedule the emails about `comment` with the current transaction.

    Call it whenever a comment becomes visible; a held comment is announced when approved.
    Calling it twice sends nothing twice.
    """
    if comment.status != Comment.Status.VISIBLE:
        return
    # The task commits with the comment or not at all, in the same write transaction.
    enqueue_with_transaction("comment_announce", comment.pk)


def comment_deliveries_create(*, comment: Comment) -> list[int]:
    """Queue one email per address that should hear about `comment`; return the queued ids.

    Does nothing for a comment readers cannot see, an imported one, or one older than
    DISCUSSION_ANNOUNCE_MAX_AGE. Rows that already exist are kept as they are.
    """

    comment = (Comment.objects.select_related("thread__article", "parent__user", "user")
               .filter(pk=comment.pk).first())
    if comment is None or comment.status != Comment.Status.VISIBLE:
        return []
    now = timezone.now()
    if comment.import_source or comment.created_at < now - conf.get("DISCUSSION_ANNOUNCE_MAX_AGE"):
        return []
    with transaction.atomic():
        mentioned = [subscriber_for_email(email=user.email, user=user)
                     for user in mentioned_users(comment=comment)]
        recipients = comment_recipients(comment=comment, mentioned=mentioned)
        daily_ids = {r.subscriber.pk for r in recipients if r.daily}
        already_waiting = set(
            Delivery.objects.filter(subscriber_id__in=daily_ids, state=Delivery.State.WAITING)
            .values_list("subscriber_id", flat=True))
        Delivery.objects.bulk_create([
            Delivery(subscriber=r.subscriber, kind=Delivery.Kind.COMMENT, key=f"comment:{comment.pk}",
                     comment=comment, reason=r.reason, subscription_id=r.subscription_id,
                     state=Delivery.State.WAITING if r.daily else Delivery.State.QUEUED,
                     next_attempt_at=now)
            for r in recipients
        ], ignore_conflicts=True)
        queued = list(Delivery.objects.filter(comment=comment, state=Delivery.State.QUEUED, attempts=0)
                      .values_list("pk", flat=True))
        # The first comment waiting for an address's digest starts its clock.
        starts = sorted(daily_ids - already_waiting)
        transaction.on_commit(lambda: _enqueue_sends(queued))
        transaction.on_commit(lambda: _enqueue_digests(starts, now + conf.get("DISCUSSION_DIGEST_INTERVAL")))
    return queued


def confirmation_request(*, subscriber: Subscriber) -> Delivery | None:
    """Queue an email asking the address's owner to confirm; at most one per
    DISCUSSION_CONFIRM_INTERVAL, and none to an address that asked for no more email."""
    if subscriber.suppressed_at is not None:
        return None
    window = int(conf.get("DISCUSSION_CONFIRM_INTERVAL").total_seconds()) or 1
    key = f"confirm:{int(timezone.now().timestamp()) // window}"
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                subscriber=subscriber, kind=Delivery.Kind.CONFIRM, key=key,
                reason=Delivery.Reason.CONFIRM, next_attempt_at=timezone.now())
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue_sends([delivery.pk]))
    return delivery


def delivery_send(*, delivery_id: int) -> str | None:
    """Send one queued email if it is due and nobody else is sending it; return the row's new
    state, or None when there was nothing to do. Mail server failures are recorded on the row
    and retried later, never raised.

    Everything the email needs is read before the row is claimed, so that a database lost
    before the claim leaves the row queued, to be sent when the task runs again. Once the mail
    server has the email, its outcome is recorded when the database answers again, however long
    that takes (up to DISCUSSION_DELIVERY_STALE_AFTER): never sent twice, never left "sending".
    """
    now = timezone.now()
    delivery = (Delivery.objects
                .select_related("subscriber__user", "comment__thread__article", "comment__user",
                                "subscription")
                .filter(pk=delivery_id, state=Delivery.State.QUEUED)
                .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
                .first())
    if delivery is None:
        return None
    wanted = _still_wanted(delivery)
    message = message_for_delivery(delivery) if wanted else None
    claimed = (Delivery.objects
               .filter(pk=delivery_id, state=Delivery.State.QUEUED)
               .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
               .update(state=Delivery.State.SENDING, claimed_at=now, attempts=F("attempts") + 1,
                       updated_at=now))
    if not claimed:
        return None
    delivery.attempts += 1
    if not wanted:
        _recorded(lambda: _finish(delivery, Delivery.State.SKIPPED))
        return Delivery.State.SKIPPED
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - the task boundary: record every failure on the row
        error = exc
        return _recorded(lambda: _failed(delivery, error))
    _recorded(lambda: _finish(delivery, Delivery.State.SENT))
    return Delivery.State.SENT


def digest_build(*, subscriber_id: int) -> Delivery | None:
    """Gather the comments waiting for an address's digest into one digest email, once the
    first of them has waited DISCUSSION_DIGEST_INTERVAL; otherwise enqueue another look then."""
    interval = conf.get("DISCUSSION_DIGEST_INTERVAL")
    waiting = Delivery.objects.filter(subscriber_id=subscriber_id, state=Delivery.State.WAITING)
    first = waiting.order_by("pk").first()
    if first is None:
        return None
    due = first.created_at + interval
    if due > timezone.now():
        transaction.on_commit(lambda: _enqueue_digests([subscriber_id], due))
        return None
    # Comments whose subscription was stopped meanwhile stay out of the digest.
    waiting.filter(subscription__isnull=True).update(state=Delivery.State.SKIPPED, updated_at=timezone.now())
    if not waiting.exists():
        return None
    try:
        with transaction.atomic():
            digest = Delivery.objects.create(
                subscriber_id=subscriber_id, kind=Delivery.Kind.DIGEST, key=f"digest:{first.pk}",
                reason=Delivery.Reason.DIGEST, next_attempt_at=timezone.now())
            waiting.filter(pk__gte=first.pk).update(
                state=Delivery.State.IN_DIGEST, digest=digest, updated_at=timezone.now())
    except IntegrityError:
        # Another worker built this digest already.
        return None
    transaction.on_commit(lambda: _enqueue_sends([digest.pk]))
    return digest


def delivery_resume() -> int:
    """Pick up the outbox after a worker (re)starts: enqueue every queued email and pending
    digest again, and mark emails left "sending" by a crash as failed. Return the count queued.

    Enqueuing twice is harmless: `delivery_send` claims a row only once.
    """
    now = timezone.now()
    stale = now - conf.get("DISCUSSION_DELIVERY_STALE_AFTER")
    Delivery.objects.filter(state=Delivery.State.SENDING, claimed_at__lt=stale).update(
        state=Delivery.State.FAILED, updated_at=now,
        last_error="The worker stopped while sending; the email may or may not have arrived. "
                   "Queue it again from the admin to resend it.")
    queued = Delivery.objects.filter(state=Delivery.State.QUEUED)
    for delivery_id, due in queued.values_list("pk", "next_attempt_at"):
        _enqueue_send(delivery_id, due if due and due > now else None)
    digests = (Delivery.objects.filter(state=Delivery.State.WAITING).values("subscriber_id")
               .annotate(first=Min("created_at")))
    interval = conf.get("DISCUSSION_DIGEST_INTERVAL")
    for row in digests:
        _enqueue_digests([row["subscriber_id"]], max(row["first"] + interval, now))
    return queued.count()


def delivery_requeue(*, deliveries) -> int:
    """Put failed emails back in the queue for a new round of attempts (the admin's action)."""
    ids = list(deliveries.filter(state=Delivery.State.FAILED).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        state=Delivery.State.QUEUED, attempts=0, next_attempt_at=timezone.now(), updated_at=timezone.now())
    transaction.on_commit(lambda: _enqueue_sends(ids))
    return len(ids)


def retry_delay(attempts: int):
    """Return how long to wait after the `attempts`-th failed attempt, or None to give up."""
    delays = conf.get("DISCUSSION_DELIVERY_RETRY_DELAYS")
    return delays[attempts - 1] if 1 <= attempts <= len(delays) else None


def _still_wanted(delivery: Delivery) -> bool:
    subscriber = delivery.subscriber
    if subscriber.suppressed_at is not None and delivery.kind != Delivery.Kind.CONFIRM:
        return False
    if delivery.kind == Delivery.Kind.CONFIRM:
        return subscriber.suppressed_at is None and \
            subscriber.subscriptions.filter(confirmed_at__isnull=True).exists()
    if delivery.kind == Delivery.Kind.DIGEST:
        return delivery.items.filter(comment__status=Comment.Status.VISIBLE,
                                     subscription__isnull=False).exists()
    if delivery.comment is None or delivery.comment.status != Comment.Status.VISIBLE:
        return False
    if delivery.reason == Delivery.Reason.MENTION:
        return subscriber.user_id in {user.pk for user in mentioned_users(comment=delivery.comment)}
    # Unsubscribed since it was queued: the subscription is gone.
    return delivery.subscription_id is not None


def _recorded(record):
    """Run `record` (a write of what happened to an email), waiting out a database outage."""
    return outage_retry(record, what="recording an email's outcome",
                        timeout=conf.get("DISCUSSION_DELIVERY_STALE_AFTER").total_seconds())


def _finish(delivery: Delivery, state: str) -> None:
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.SENDING).update(
        state=state, sent_at=now if state == Delivery.State.SENT else None, last_error="", updated_at=now)


def _failed(delivery: Delivery, exc: Exception) -> str:
    attempts = delivery.attempts
    delay = retry_delay(attempts)
    error = f"{type(exc).__name__}: {exc}"[:2000]
    now = timezone.now()
    if delay is None:
        state, due = Delivery.State.FAILED, None
        logger.error("Email delivery %s failed for good after %s attempts: %s", delivery.pk, attempts, error)
    else:
        state, due = Delivery.State.QUEUED, now + delay
        logger.warning("Email delivery %s failed (attempt %s), retrying at %s: %s",
                       delivery.pk, attempts, due.isoformat(), error)
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.SENDING).update(
        state=state, next_attempt_at=due, last_error=error, updated_at=now)
    if due is not None:
        transaction.on_commit(lambda: _enqueue_send(delivery.pk, due))
    return state


def _enqueue_sends(ids) -> None:
    for delivery_id in ids:
        _enqueue_send(delivery_id, None)


def _enqueue_send(delivery_id: int, run_after) -> None:
    enqueue("delivery_send", delivery_id, run_after=run_after)


def _enqueue_digests(subscriber_ids, run_after) -> None:
    for subscriber_id in subscriber_ids:
        enqueue("digest_send", subscriber_id, run_after=run_after)
