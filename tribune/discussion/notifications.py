"""Who hears about a comment, and the emails that tell them.

This module decides and builds; it never writes rows and never opens a connection to the mail
server. `services.deliveries` stores its decisions in the outbox and sends what it builds.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import conf, tokens
from .models import Comment, Delivery, Subscriber, Subscription

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


def message_for_delivery(delivery: Delivery) -> EmailMultiAlternatives:
    """Build the email for a delivery, in the site's language, with its unsubscribe headers."""
    with translation.override(settings.LANGUAGE_CODE):
        subscriber = delivery.subscriber
        scope = _unsubscribe_scope(delivery)
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "language": settings.LANGUAGE_CODE,
            "delivery": delivery,
            "unsubscribe_url": tokens.unsubscribe_url(subscriber_id=subscriber.pk, scope=scope),
            "manage_url": tokens.manage_url(subscriber_id=subscriber.pk),
        }
        if delivery.kind == Delivery.Kind.CONFIRM:
            subject, template = _confirm_context(delivery, context)
        elif delivery.kind == Delivery.Kind.DIGEST:
            subject, template = _digest_context(delivery, context)
        else:
            subject, template = _comment_context(delivery, context)
        text = render_to_string(f"discussion/email/{template}.txt", context)
        html = render_to_string(f"discussion/email/{template}.html", context)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.SITE_NAME} <discussion.{host}>",
            "Auto-Submitted": "auto-generated",
            # The same id on every attempt, so a mail system that got it once can drop a copy.
            "Message-ID": f"<delivery.{delivery.pk}.{delivery.key.replace(':', '.')}@{host}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def comment_link(comment: Comment) -> str:
    """Return the absolute address of a comment on its page."""
    thread = comment.thread
    base = tokens.absolute_url(thread.page_url) if thread.article_id else thread.page_url
    return f"{base}#comment-{comment.pk}"


def _comment_context(delivery: Delivery, context: dict) -> tuple[str, str]:
    comment = delivery.comment
    title = comment.thread.page_title
    author = comment.author_name or _("Anonymous")
    context.update({"comment": comment, "author": author, "title": title,
                    "comment_url": comment_link(comment),
                    "why": _why(delivery.reason, title)})
    if delivery.reason == Delivery.Reason.REPLY:
        subject = _("%(author)s replied to your comment on “%(title)s”")
    elif delivery.reason == Delivery.Reason.MENTION:
        subject = _("%(author)s mentioned you on “%(title)s”")
    else:
        subject = _("New comment by %(author)s on “%(title)s”")
    return subject % {"author": author, "title": title}, "comment"


def _digest_context(delivery: Delivery, context: dict) -> tuple[str, str]:
    items = (delivery.items.filter(comment__status=Comment.Status.VISIBLE, subscription__isnull=False)
             .select_related("comment__thread__article", "comment__user")
             .order_by("comment__thread_id", "comment__created_at"))
    entries = [{"comment": item.comment, "author": item.comment.author_name or _("Anonymous"),
                "title": item.comment.thread.page_title, "comment_url": comment_link(item.comment),
                "why": _why(item.reason, item.comment.thread.page_title)} for item in items]
    context.update({"entries": entries, "count": len(entries)})
    subject = ngettext("Your daily digest from %(site)s: %(count)s new comment",
                       "Your daily digest from %(site)s: %(count)s new comments",
                       len(entries)) % {"site": settings.SITE_NAME, "count": len(entries)}
    return subject, "digest"


def _confirm_context(delivery: Delivery, context: dict) -> tuple[str, str]:
    subscriber = delivery.subscriber
    pending = (subscriber.subscriptions.filter(confirmed_at__isnull=True)
               .select_related("thread__article").order_by("created_at"))
    context.update({
        "confirm_url": tokens.confirm_url(subscriber_id=subscriber.pk, email=subscriber.email),
        "pending": [{"title": s.thread.page_title, "kind": s.get_kind_display()} for s in pending],
        "days": conf.get("DISCUSSION_CONFIRM_MAX_AGE").days or 1,
    })
    return _("Confirm your email for comments on %(site)s") % {"site": settings.SITE_NAME}, "confirm"


def _why(reason: str, title: str) -> str:
    if reason == Delivery.Reason.REPLY:
        return _("You get this email because you asked to hear about replies to your comments "
                 "on “%(title)s”.") % {"title": title}
    if reason == Delivery.Reason.MENTION:
        return _("You get this email because someone mentioned you and you allow mention emails.")
    return _("You get this email because you follow the discussion on “%(title)s”.") % {"title": title}


def _unsubscribe_scope(delivery: Delivery) -> str:
    if delivery.kind == Delivery.Kind.CONFIRM:
        return tokens.SCOPE_ALL
    if delivery.kind == Delivery.Kind.DIGEST:
        return tokens.SCOPE_DAILY
    if delivery.reason == Delivery.Reason.MENTION:
        return tokens.SCOPE_MENTIONS
    return f"s{delivery.subscription_id}"


def _wrote(subscriber: Subscriber, comment: Comment) -> bool:
    """Whether the address's owner wrote `comment` (their account, or the guest's address)."""
    if comment.user_id:
        return subscriber.user_id == comment.user_id or (comment.user.email or "").lower() == subscriber.email
    return bool(comment.guest_email) and comment.guest_email.lower() == subscriber.email
