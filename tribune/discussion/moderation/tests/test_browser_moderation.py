"""A moderator clears the queue with the keyboard."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader, moderator_factory, thread_factory
from tribune.discussion.moderation.models import ModerationAction, ModerationSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_moderator_approves_and_rejects_with_the_keyboard(live_server, chromium):
    ModerationSettings.objects.create(mode="pre")
    thread = thread_factory()
    first = comment_post(thread=thread, body="Oldest held comment", reader=guest_reader())
    second = comment_post(thread=thread, body="Second held comment", reader=guest_reader())
    third = comment_post(thread=thread, body="Newest held comment", reader=guest_reader())
    moderator = moderator_factory("Nadia Mod")
    client = Client()
    client.force_login(moderator)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session,
                          "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/moderation/?order=oldest")
    items = page.locator("[data-queue-item]")
    assert items.count() == 3
    assert page.evaluate("document.activeElement.dataset.queueItem") == str(first.pk)

    page.keyboard.press("a")  # approve the oldest
    page.wait_for_function("() => document.querySelectorAll('[data-queue-item]').length === 2")
    assert page.evaluate("document.activeElement.dataset.queueItem") == str(second.pk)
    page.keyboard.press("j")
    page.keyboard.press("r")  # reject the newest
    page.wait_for_function("() => document.querySelectorAll('[data-queue-item]').length === 1")

    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "visible", second.pk: "pending", third.pk: "rejected"}
    assert ModerationAction.objects.filter(moderator=moderator).count() == 2
    page.goto(live_server.url + thread.article.get_absolute_url())
    assert page.locator(".comment", has_text="Oldest held comment").count() == 1
    assert page.locator(".comment", has_text="Newest held comment").count() == 0
    context.close()


def test_readers_cannot_open_the_queue(client):
    response = client.get("/moderation/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
