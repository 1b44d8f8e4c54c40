"""Who hears about a comment: followers of its thread, the writer of the comment it answers,
and the readers it mentions. Reads only; services.deliveries stores the decisions."""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower

from tribune.discussion.comments.models import Comment

from . import conf
from .models import Delivery, Subscriber, Subscription

# Most readers one comment can notify by "@name": more looks like abuse, not conversation.
MENTIONS_PER_COMMENT = 10
# "@" not inside a word or an address, then up to three words ("@ada", "@Ada Lovelace").
_MENTION = re.compile(r"(?<![\w@.])@([^\s@]+(?:[ \t]+[^\s@]+){0,2})")
_TRAILING = ".,;:!?)]}\"'»”’"
# Lower is better: a reply to your comment says more than "the thread has a new comment".
_PRIORITY = {Delivery.Reason.REPLY: 0, Delivery.Reason.MENTION: 1, Delivery.Reason.THREAD: 2}


@dataclass(frozen=True)
class Recipient:
    """One address to tell about a comment, why, and whether it waits for the daily digest."""

    subscriber: Subscriber
    reason: str
    subscription_id: int | None
    daily: bool


def comment_recipients(*, comment: Comment, mentioned: list[Subscriber]) -> list[Recipient]:
    """Return who hears about `comment`: confirmed followers of its thread, the confirmed
    "replies" subscribers whose comment it answers, and the `mentioned` addresses; one entry
    per address, never the comment's author."""
    candidates: dict[int, list[Recipient]] = {}
    subscriptions = (Subscription.objects
                     .filter(thread_id=comment.thread_id, confirmed_at__isnull=False,
                             subscriber__suppressed_at__isnull=True)
                     .select_related("subscriber"))
    for subscription in subscriptions:
        subscriber = subscription.subscriber
        if subscription.kind == Subscription.Kind.THREAD:
            reason = Delivery.Reason.THREAD
        elif comment.parent_id and _wrote(subscriber, comment.parent):
            reason = Delivery.Reason.REPLY
        else:
            continue
        daily = subscription.cadence == Subscription.Cadence.DAILY
        candidates.setdefault(subscriber.pk, []).append(
            Recipient(subscriber, reason, subscription.pk, daily))
    for subscriber in mentioned:
        if subscriber.suppressed_at is None:
            candidates.setdefault(subscriber.pk, []).append(
                Recipient(subscriber, Delivery.Reason.MENTION, None, False))
    chosen = []
    for options in candidates.values():
        if _wrote(options[0].subscriber, comment):
            continue
        best = min(options, key=lambda r: _PRIORITY[r.reason])
        # One email now if any reason asks for it; the digest only when all of them wait.
        daily = all(option.daily for option in options)
        chosen.append(Recipient(best.subscriber, best.reason, best.subscription_id, daily))
    return chosen


def mentioned_users(*, comment: Comment) -> list:
    """Return the active registered readers named "@username" or "@Full Name" in the comment
    who allow mention emails and have an address, except its author."""
    candidates = set()
    for match in _MENTION.finditer(comment.body):
        words = [word.strip(_TRAILING) for word in match.group(1).split()]
        for size in range(1, len(words) + 1):
            if all(words[:size]):
                candidates.add(" ".join(words[:size]).lower())
    if not candidates:
        return []
    allow = Q(discussion_preference__notify_mentions=True)
    if conf.get("DISCUSSION_MENTIONS_DEFAULT"):
        allow |= Q(discussion_preference__isnull=True)
    users = (get_user_model().objects
             .annotate(handle=Lower("username"),
                       full_name=Lower(Concat("first_name", Value(" "), "last_name")))
             .filter(Q(handle__in=candidates) | Q(full_name__in=candidates))
             .filter(allow, is_active=True)
             .exclude(email="")
             .order_by("pk"))
    if comment.user_id:
        users = users.exclude(pk=comment.user_id)
    return list(users[:MENTIONS_PER_COMMENT])


def _wrote(subscriber: Subscriber, comment: Comment) -> bool:
    """Whether the address's owner wrote `comment` (their account, or the guest's address)."""
    if comment.user_id:
        return subscriber.user_id == comment.user_id or (comment.user.email or "").lower() == subscriber.email
    return bool(comment.guest_email) and comment.guest_email.lower() == subscriber.email
