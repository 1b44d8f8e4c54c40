"""Hostile input never breaks the subscription pages or leaks markup into emails."""

import json
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.urls import reverse

from tribune.discussion.comments.services import comment_post
from tribune.discussion.notifications.messages import message_for_delivery
from tribune.discussion.notifications.models import Delivery
from tribune.discussion.notifications.services.deliveries import comment_deliveries_create
from tribune.discussion.notifications.services.subscriptions import subscription_create
from tribune.discussion.notifications.tests.helpers import guest, registered

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Collects what a mail program would run: script elements and on* attributes."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed"):
            self.scripts.append(tag)
        self.handlers += [name for name, value in attrs if name.startswith("on")]
        self.handlers += [value for name, value in attrs if name in ("href", "src")
                          and (value or "").strip().lower().startswith("javascript:")]


@pytest.fixture(scope="module")
def naughty(fixtures_dir):
    strings = json.loads((fixtures_dir / "bad-input" / "blns.json").read_text())
    xss = (fixtures_dir / "bad-input" / "BRUTELOGIC-XSS-STRINGS.txt").read_text().splitlines()
    return [s for s in strings + xss if s]


def test_hostile_strings_are_answered_with_4xx_never_500(client, article, naughty):
    follow = reverse("notifications:thread_follow", kwargs={"article_id": article.pk})
    create = reverse("discussion:comment_create", kwargs={"article_id": article.pk})
    # Every other string keeps the test quick; the two halves differ in nothing that matters here.
    for value in naughty[::2]:
        for data in ({"email": value, "notify": ["thread"]}, {"email": "a@example.org", "notify": [value]},
                     {"email": "a@example.org", "notify": ["thread"], "notify_cadence": value}):
            assert client.post(follow, data).status_code in (302, 400, 429), (value, data)
        assert client.post(create, {"body": "x", "email": value, "notify": ["thread"]}).status_code < 500
        token = quote(value, safe="")
        for name in ("subscription_confirm", "subscriptions_manage", "unsubscribe"):
            url = reverse(f"notifications:{name}", kwargs={"token": "t"}).replace("/t/", f"/{token}/")
            assert client.get(url).status_code in (400, 404), (value, name)
            assert client.post(url, {"action": value, "subscription": value}).status_code in (400, 404)


def test_hostile_comments_are_escaped_in_emails(thread, make_user, naughty):
    ada = make_user("ada")
    subscription_create(thread=thread, reader=registered(ada), kinds=["thread"])
    # Distinct texts: posting the same text twice is refused as a repeat.
    payloads = list(dict.fromkeys(s for s in naughty if "<" in s))[:40]
    for number, payload in enumerate(payloads):
        comment = comment_post(thread=thread, body=payload, reader=guest(f"{number:043d}"),
                               guest_name=payload[:80])
        comment_deliveries_create(comment=comment)
    for delivery in Delivery.objects.select_related("subscriber", "comment__thread__article"):
        message = message_for_delivery(delivery)
        tags = Tags()
        tags.feed(message.alternatives[0][0])
        assert not tags.scripts, tags.scripts
        assert not tags.handlers, tags.handlers
        assert "\n" not in message.subject and "\r" not in message.subject
