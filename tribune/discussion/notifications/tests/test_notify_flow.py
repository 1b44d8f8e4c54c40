"""Notify of: a reader subscribes from the comment form, confirms, gets emails and leaves them.

The site sends to a real SMTP server (aiosmtpd); tasks run where they are enqueued (the test
settings' immediate backend), so each test sees the emails as soon as a request returns.
"""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.notifications.models import Delivery, Subscription
from tribune.discussion.notifications.services.deliveries import comment_announce
from tribune.discussion.notifications.tests.helpers import (
    body_html,
    body_text,
    guest,
    header,
    links,
    registered,
)

pytestmark = pytest.mark.django_db(transaction=True)


def post(client, article, **data):
    return client.post(reverse("discussion:comment_create", kwargs={"article_id": article.pk}), data)


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def confirm(client, message) -> None:
    url = next(u for u in links(body_text(message)) if "/confirm/" in u)
    page = client.get(path_of(url))
    assert page.status_code == 200
    assert "Confirm your email address" in page.content.decode()
    done = client.post(path_of(url))
    assert done.status_code == 302


def test_guest_confirms_then_gets_each_new_comment(client, smtp, article, thread):
    response = post(client, article, body="First!", name="Ada", email="Ada@Example.org",
                    notify=["thread", "replies"])
    assert response.status_code == 302
    [request] = smtp.wait_for(1)
    assert header(request, "To") == "ada@example.org"
    assert "Confirm" in header(request, "Subject")
    assert header(request, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<http://testserver/discussion/subscriptions/unsubscribe/[^>]+/>",
                        header(request, "List-Unsubscribe"))
    assert "Water returns to the valley" in body_text(request)
    assert "/confirm/" in body_html(request)

    # Before confirming, the address gets nothing more.
    comment_post(thread=thread, body="Second comment", reader=guest("b" * 43), guest_name="Bo")
    time.sleep(0.2)
    assert len(smtp.messages) == 1
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()

    confirm(Client(), request)
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 2

    comment = comment_post(thread=thread, body="Third, with **news**", reader=guest("c" * 43),
                           guest_name="Cy")
    [_, note] = smtp.wait_for(2)
    assert header(note, "Subject") == "New comment by Cy on “Water returns to the valley”"
    assert header(note, "Auto-Submitted") == "auto-generated"
    text, html = body_text(note), body_html(note)
    assert "Third, with **news**" in text
    assert "<strong>news</strong>" in html
    assert "because you follow the discussion" in text
    comment_url = next(u for u in links(text) if "#comment-" in u)
    assert comment_url.endswith(f"#comment-{comment.pk}")
    page = Client().get(path_of(comment_url).split("#")[0])
    assert page.status_code == 200
    assert f'id="comment-{comment.pk}"' in page.content.decode()
    # Only one email per address even though both subscriptions match.
    time.sleep(0.2)
    assert len(smtp.messages) == 2


def test_a_comment_is_never_sent_to_its_author(client, smtp, article, thread, make_user):
    ada = make_user("ada")
    client.force_login(ada)
    assert post(client, article, body="Mine", notify=["thread"]).status_code == 302
    assert Subscription.objects.get().confirmed_at is not None
    comment_post(thread=thread, body="Me again", reader=registered(ada))
    time.sleep(0.3)
    assert smtp.messages == []
    assert not Delivery.objects.exists()


def test_a_held_comment_is_announced_once_approved(smtp, article, thread, make_user, settings):
    from tribune.discussion.notifications.services.subscriptions import subscription_create

    reader = make_user("reader")
    subscription_create(thread=thread, reader=registered(reader), kinds=["thread"])
    settings.DISCUSSION_HOLD_FIRST_GUEST_COMMENT = True
    held = comment_post(thread=thread, body="Held for review", reader=guest(), guest_name="New")
    assert held.status == Comment.Status.PENDING
    time.sleep(0.3)
    assert smtp.messages == []

    # What the moderation feature does on approval.
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.VISIBLE)
    held.refresh_from_db()
    comment_announce(comment=held)
    comment_announce(comment=held)
    [message] = smtp.wait_for(1)
    assert "Held for review" in body_text(message)
    time.sleep(0.3)
    assert len(smtp.messages) == 1


def test_replies_subscription_hears_only_about_replies(smtp, thread, make_user):
    from tribune.discussion.notifications.services.subscriptions import subscription_create

    ada, bo = make_user("ada", first_name="Ada", last_name="L"), make_user("bo")
    subscription_create(thread=thread, reader=registered(ada), kinds=["replies"])
    mine = comment_post(thread=thread, body="My point", reader=registered(ada))
    comment_post(thread=thread, body="Unrelated", reader=registered(bo))
    reply = comment_post(thread=thread, body="I disagree", reader=registered(bo), parent_id=mine.pk)
    [message] = smtp.wait_for(1)
    assert header(message, "Subject") == "bo replied to your comment on “Water returns to the valley”"
    assert "replies to your comments" in body_text(message)
    assert f"#comment-{reply.pk}" in body_text(message)
    time.sleep(0.3)
    assert len(smtp.messages) == 1


def test_one_click_unsubscribe_by_mail_program_post(smtp, thread, make_user):
    from tribune.discussion.notifications.services.subscriptions import subscription_create

    ada = make_user("ada")
    subscription_create(thread=thread, reader=registered(ada), kinds=["thread"])
    comment_post(thread=thread, body="One", reader=guest(), guest_name="G")
    [message] = smtp.wait_for(1)
    url = header(message, "List-Unsubscribe").strip("<>")
    # RFC 8058: the mail program posts the form, with no cookie and no CSRF token.
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path_of(url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    comment_post(thread=thread, body="Two", reader=guest(), guest_name="G")
    time.sleep(0.3)
    assert len(smtp.messages) == 1


def test_unsubscribe_link_in_the_body_leads_to_a_one_button_page(smtp, thread, make_user):
    from tribune.discussion.notifications.services.subscriptions import subscription_create

    ada = make_user("ada")
    subscription_create(thread=thread, reader=registered(ada), kinds=["thread"])
    comment_post(thread=thread, body="One", reader=guest(), guest_name="G")
    [message] = smtp.wait_for(1)
    url = next(u for u in links(body_text(message)) if "/unsubscribe/" in u)
    client = Client()
    page = client.get(path_of(url))
    assert page.status_code == 200
    assert "Water returns to the valley" in page.content.decode()
    assert Subscription.objects.exists()  # looking at the page changes nothing
    done = client.post(path_of(url))
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert not Subscription.objects.exists()


def test_manage_page_from_an_email_changes_and_stops_subscriptions(smtp, thread, make_user):
    from tribune.discussion.notifications.services.subscriptions import subscription_create

    ada = make_user("ada")
    subscriber, _ = subscription_create(thread=thread, reader=registered(ada), kinds=["thread", "replies"])
    comment_post(thread=thread, body="One", reader=guest(), guest_name="G")
    [message] = smtp.wait_for(1)
    manage = path_of(next(u for u in links(body_text(message)) if "/manage/" in u))
    client = Client()
    page = client.get(manage).content.decode()
    assert "ada@example.org" in page
    assert page.count('class="subscription"') == 2
    sub = Subscription.objects.get(kind="thread")
    change = {"action": "cadence", "subscription": sub.pk, "cadence": "daily"}
    assert client.post(manage, change).status_code == 302
    sub.refresh_from_db()
    assert sub.cadence == "daily"
    assert client.post(manage, {"action": "mentions", "mentions": "on"}).status_code == 302
    assert ada.discussion_preference.notify_mentions is True
    assert client.post(manage, {"action": "stop_all"}).status_code == 302
    assert not Subscription.objects.exists()
    subscriber.refresh_from_db()
    assert subscriber.suppressed_at is not None
    # Bad input is a message, never an error page.
    assert client.post(manage, {"action": "explode"}).status_code == 302
    assert client.post(manage, {"action": "stop", "subscription": "x"}).status_code == 302


def test_mentions_reach_readers_who_allow_them(smtp, thread, make_user):
    make_user("bob", mentions=True)
    make_user("carol", first_name="Carol", last_name="King", mentions=False)
    make_user("dan", first_name="Dan", last_name="Brown", mentions=True)
    author = make_user("eve")
    comment_post(thread=thread, body="Thanks @bob, and @Carol King. Also @Dan Brown!",
                 reader=registered(author))
    messages = smtp.wait_for(2)
    time.sleep(0.3)
    assert sorted(header(m, "To") for m in smtp.messages) == ["bob@example.org", "dan@example.org"]
    assert all(header(m, "Subject") == "eve mentioned you on “Water returns to the valley”" for m in messages)
    assert "mention" in body_text(messages[0])


def test_confirmation_links_expire(client, smtp, article, settings):
    settings.DISCUSSION_CONFIRM_MAX_AGE = timedelta(seconds=1)
    assert post(client, article, body="Hi", name="Ada", email="ada@example.org",
                notify=["thread"]).status_code == 302
    [request] = smtp.wait_for(1)
    url = path_of(next(u for u in links(body_text(request)) if "/confirm/" in u))
    time.sleep(2.1)
    response = Client().post(url)
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()


def test_one_confirmation_request_per_address_and_window(client, smtp, article):
    for body in ("One", "Two"):
        post(client, article, body=body, name="Ada", email="ada@example.org", notify=["thread"])
    smtp.wait_for(1)
    time.sleep(0.3)
    assert len(smtp.messages) == 1


def test_bad_input_is_a_form_error_or_4xx(client, smtp, article):
    no_email = post(client, article, body="Hi", name="Ada", notify=["thread"])
    assert no_email.status_code == 400
    assert "Give your email address" in no_email.content.decode()
    assert not Comment.objects.exists()
    wrong_choice = post(client, article, body="Hi", email="a@example.org", notify=["everything"])
    assert wrong_choice.status_code == 400
    follow = reverse("notifications:thread_follow", kwargs={"article_id": article.pk})
    assert client.post(follow, {"email": "not-an-address", "notify": ["thread"]}).status_code == 400
    assert client.post(follow, {"email": "a@example.org"}).status_code == 400
    assert client.post(follow, {"email": "a@example.org", "notify": ["thread"],
                                "notify_cadence": "hourly"}).status_code == 400
    assert client.get(follow).status_code == 405
    for name in ("subscription_confirm", "subscriptions_manage", "unsubscribe"):
        url = reverse(f"notifications:{name}", kwargs={"token": "forged:token"})
        assert client.get(url).status_code == 400
        assert client.post(url).status_code == 400
    assert smtp.messages == []


def test_following_without_commenting(client, smtp, article):
    follow = reverse("notifications:thread_follow", kwargs={"article_id": article.pk})
    response = client.post(follow, {"email": "ada@example.org", "notify": ["thread"],
                                    "notify_cadence": "daily"})
    assert response.status_code == 302
    [request] = smtp.wait_for(1)
    assert header(request, "To") == "ada@example.org"
    subscription = Subscription.objects.get()
    assert subscription.cadence == "daily" and subscription.confirmed_at is None
    assert not Comment.objects.exists()
