"""The report form, as a script would use it: new browser keys, many requests, one connection."""

import secrets

import pytest
from django.test import override_settings
from django.urls import reverse

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_cookie, guest_reader, thread_factory
from tribune.discussion.moderation.models import Report
from tribune.discussion.moderation.selectors import moderation_queue

pytestmark = pytest.mark.django_db


def report(client, comment, address, reason="abuse"):
    """Send the report form with a browser key never seen before, from `address`."""
    guest_cookie(client, secrets.token_urlsafe(32))
    return client.post(reverse("moderation:report", args=[comment.pk]), {"reason": reason},
                       REMOTE_ADDR=address)


def test_reports_with_fresh_guest_keys_from_one_address_do_not_hide_a_comment(client):
    thread = thread_factory()
    comment = comment_post(thread=thread, body="A view someone dislikes", reader=guest_reader())
    for _ in range(3):
        assert report(client, comment, "203.0.113.7").status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert "A view someone dislikes" in client.get(thread.article.get_absolute_url()).content.decode()
    # The moderators still see every report.
    [item] = moderation_queue(queue="reported")
    assert item.comment == comment and item.reasons == ["Abuse or harassment ×3"]


def test_reports_from_three_addresses_hide_a_comment(client):
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Something truly vile", reader=guest_reader())
    for address in ("203.0.113.7", "198.51.100.4", "192.0.2.55"):
        assert report(client, comment, address).status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert "Something truly vile" not in client.get(thread.article.get_absolute_url()).content.decode()


@override_settings(DISCUSSION_REPORT_RATE=(2, 3600))
def test_a_flood_of_reports_from_one_address_is_answered_429_with_retry_after(client):
    thread = thread_factory()
    comments = [comment_post(thread=thread, body=f"Comment number {n}", reader=guest_reader()) for n in range(3)]
    assert report(client, comments[0], "203.0.113.7").status_code == 302
    assert report(client, comments[1], "203.0.113.7").status_code == 302
    refused = report(client, comments[2], "203.0.113.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Too many requests" in refused.content.decode()
    assert not Report.objects.filter(comment=comments[2]).exists()
    assert report(client, comments[2], "198.51.100.4").status_code == 302
