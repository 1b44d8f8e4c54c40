"""Reads for the subscription pages."""

from dataclasses import dataclass

from . import conf
from .models import ReaderPreference, Subscriber, Subscription


@dataclass(frozen=True)
class SubscriptionRow:
    subscription: Subscription
    title: str
    url: str


def subscriber_get(*, subscriber_id: int) -> Subscriber | None:
    return Subscriber.objects.select_related("user").filter(pk=subscriber_id).first()


def subscription_rows(*, subscriber: Subscriber) -> list[SubscriptionRow]:
    """Return the address's subscriptions with their thread's title and page, newest first."""
    subscriptions = (subscriber.subscriptions.select_related("thread__article")
                     .order_by("-created_at", "-pk"))
    rows = []
    for subscription in subscriptions:
        thread = subscription.thread
        rows.append(SubscriptionRow(subscription, thread.page_title, thread.page_url))
    return rows


def mentions_allowed(*, user) -> bool:
    """Whether `user` gets an email when mentioned (their choice, else the site's default)."""
    preference = ReaderPreference.objects.filter(user=user).first()
    return preference.notify_mentions if preference else conf.get("DISCUSSION_MENTIONS_DEFAULT")
