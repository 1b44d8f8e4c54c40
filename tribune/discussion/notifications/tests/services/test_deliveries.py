"""The outbox: one row per address and comment, sent once, skipped when no longer wanted."""

from datetime import timedelta

import pytest

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.notifications.models import Delivery
from tribune.discussion.notifications.services.deliveries import (
    comment_deliveries_create,
    delivery_send,
    retry_delay,
)
from tribune.discussion.notifications.services.subscriptions import subscription_create, unsubscribe
from tribune.discussion.notifications.tests.helpers import guest, registered

pytestmark = pytest.mark.django_db


def test_retry_delays_grow_then_give_up(settings):
    settings.DISCUSSION_DELIVERY_RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5)]
    assert retry_delay(1) == timedelta(minutes=1)
    assert retry_delay(2) == timedelta(minutes=5)
    assert retry_delay(3) is None


def test_deciding_twice_queues_each_address_once(thread, make_user):
    ada = make_user("ada")
    subscription_create(thread=thread, reader=registered(ada), kinds=["thread", "replies"])
    comment = comment_post(thread=thread, body="x", reader=guest(), guest_name="G")
    comment_deliveries_create(comment=comment)
    comment_deliveries_create(comment=comment)
    assert Delivery.objects.filter(comment=comment).count() == 1


def test_a_comment_readers_cannot_see_is_not_announced(thread, make_user):
    ada = make_user("ada")
    subscription_create(thread=thread, reader=registered(ada), kinds=["thread"])
    comment = comment_post(thread=thread, body="x", reader=guest(), guest_name="G")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.PENDING)
    assert comment_deliveries_create(comment=comment) == []
    assert not Delivery.objects.exists()


def test_an_email_no_longer_wanted_is_skipped_not_sent(thread, make_user, mailoutbox):
    ada = make_user("ada")
    subscriber, _ = subscription_create(thread=thread, reader=registered(ada), kinds=["thread"])
    first = comment_post(thread=thread, body="deleted later", reader=guest(), guest_name="G")
    second = comment_post(thread=thread, body="unsubscribed before sending", reader=guest(), guest_name="G")
    [one] = comment_deliveries_create(comment=first)
    [two] = comment_deliveries_create(comment=second)
    Comment.objects.filter(pk=first.pk).update(status=Comment.Status.DELETED)
    unsubscribe(subscriber=subscriber, scope=f"s{subscriber.subscriptions.get().pk}")
    assert delivery_send(delivery_id=one) == Delivery.State.SKIPPED
    assert delivery_send(delivery_id=two) == Delivery.State.SKIPPED
    assert delivery_send(delivery_id=two) is None
    assert mailoutbox == []


def test_old_and_imported_comments_are_not_announced(thread, make_user):
    from datetime import UTC, datetime

    ada = make_user("ada")
    subscription_create(thread=thread, reader=registered(ada), kinds=["thread"])
    old = comment_post(thread=thread, body="from 2018", reader=guest(), guest_name="G",
                       created_at=datetime(2018, 4, 20, tzinfo=UTC))
    imported = comment_post(thread=thread, body="from Disqus", reader=guest(), guest_name="G")
    Comment.objects.filter(pk=imported.pk).update(import_source="disqus", import_id="1")
    assert comment_deliveries_create(comment=old) == []
    assert comment_deliveries_create(comment=imported) == []
    assert not Delivery.objects.exists()
