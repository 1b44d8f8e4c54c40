"""Who hears about a comment: mentions, replies, followers, and never the author."""

import pytest

from tribune.discussion.comments.services import comment_post
from tribune.discussion.notifications.models import Delivery
from tribune.discussion.notifications.recipients import comment_recipients, mentioned_users
from tribune.discussion.notifications.services.subscribers import subscriber_for_email
from tribune.discussion.notifications.services.subscriptions import subscription_create
from tribune.discussion.notifications.tests.helpers import guest, registered

pytestmark = pytest.mark.django_db




def names(users):
    return sorted(user.username for user in users)


def test_mentions_match_usernames_and_full_names_of_readers_who_opted_in(thread, make_user):
    make_user("bob", mentions=True)
    make_user("ann", first_name="Ann", last_name="Lee", mentions=True)
    make_user("quiet", mentions=False)
    make_user("unset")
    author = make_user("eve")
    comment = comment_post(thread=thread, reader=registered(author),
                           body="@bob. Ask @ann lee, @quiet and @unset; mail bob@bob.org or @nobody")
    assert names(mentioned_users(comment=comment)) == ["ann", "bob"]


def test_mentions_default_follows_the_site_setting(thread, make_user, settings):
    make_user("unset")
    comment = comment_post(thread=thread, body="hi @unset", reader=guest(), guest_name="G")
    assert mentioned_users(comment=comment) == []
    settings.DISCUSSION_MENTIONS_DEFAULT = True
    assert names(mentioned_users(comment=comment)) == ["unset"]


def test_mentions_skip_the_author_inactive_readers_and_readers_without_email(thread, make_user):
    author = make_user("eve", mentions=True)
    gone = make_user("gone", mentions=True)
    gone.is_active = False
    gone.save()
    nomail = make_user("nomail", mentions=True)
    nomail.email = ""
    nomail.save()
    comment = comment_post(thread=thread, body="@eve @gone @nomail", reader=registered(author))
    assert mentioned_users(comment=comment) == []


def test_a_reply_is_announced_once_as_a_reply_even_to_a_follower(thread, make_user):
    ada, bo = make_user("ada"), make_user("bo")
    subscription_create(thread=thread, reader=registered(ada), kinds=["thread", "replies"])
    parent = comment_post(thread=thread, body="Mine", reader=registered(ada))
    reply = comment_post(thread=thread, body="Answer", reader=registered(bo), parent_id=parent.pk)
    [recipient] = comment_recipients(comment=reply, mentioned=[])
    assert (recipient.subscriber.email, recipient.reason) == ("ada@example.org", Delivery.Reason.REPLY)
    # Her own comment is not announced to her.
    assert comment_recipients(comment=parent, mentioned=[]) == []


def test_a_guest_author_is_recognised_by_address(thread):
    subscriber, _ = subscription_create(thread=thread, reader=guest(), kinds=["thread"],
                                        email="gus@example.org")
    subscriber.subscriptions.update(confirmed_at="2026-01-01T00:00:00Z")
    own = comment_post(thread=thread, body="x", reader=guest(), guest_name="Gus",
                       guest_email="GUS@example.org")
    other = comment_post(thread=thread, body="y", reader=guest("o" * 43), guest_name="Other")
    assert comment_recipients(comment=own, mentioned=[]) == []
    assert [r.subscriber.pk for r in comment_recipients(comment=other, mentioned=[])] == [subscriber.pk]


def test_a_digest_reader_mentioned_gets_the_mention_now(thread, make_user):
    ada = make_user("ada")
    subscription_create(thread=thread, reader=registered(ada), kinds=["thread"], cadence="daily")
    comment = comment_post(thread=thread, body="hello", reader=guest(), guest_name="G")
    [waiting] = comment_recipients(comment=comment, mentioned=[])
    assert waiting.daily and waiting.reason == Delivery.Reason.THREAD
    mention = subscriber_for_email(email=ada.email, user=ada)
    [now] = comment_recipients(comment=comment, mentioned=[mention])
    assert not now.daily and now.reason == Delivery.Reason.MENTION


def test_unconfirmed_and_stopped_addresses_hear_nothing(thread):
    subscription_create(thread=thread, reader=guest(), kinds=["thread"], email="new@example.org")
    comment = comment_post(thread=thread, body="y", reader=guest("o" * 43), guest_name="Other")
    assert comment_recipients(comment=comment, mentioned=[]) == []
