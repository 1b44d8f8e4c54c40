"""One connection is one subscriber's: an IPv6 /64 or an IPv4 address, behind as many proxies as
the site says. A script cannot walk through its /64, nor forge X-Forwarded-For, to get round a
rate limit, a ban, the cap on guests voting from one connection or the flood rule."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader, moderator_factory, thread_factory
from tribune.discussion.moderation.models import ModerationSettings
from tribune.discussion.moderation.services.decisions import author_ban

pytestmark = pytest.mark.django_db

SAME_64 = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd::9", "2001:db8:1:2:ffff:ffff:ffff:fffe",
           "2001:db8:1:2:1234::", "2001:db8:1:2::99"]
OTHER_64 = "2001:db8:1:3::1"


def data_link_request(address: str, **headers):
    # A new browser each time, as a script would: no cookie ties the requests together.
    return Client().post(reverse("discussion:my_data_request"), {"email": "nobody@example.org"},
                         REMOTE_ADDR=address, **headers)


def post_comment(client: Client, article, body: str, address: str):
    return client.post(reverse("discussion:comment_create", kwargs={"article_id": article.pk}),
                       {"body": body, "name": "Walker"}, REMOTE_ADDR=address)


def test_walking_through_an_ipv6_64_meets_one_rate_limit():
    statuses = [data_link_request(address).status_code for address in SAME_64]
    assert statuses == [200] * 5 + [429]
    assert data_link_request(OTHER_64).status_code == 200


def test_a_ban_on_one_address_holds_for_its_whole_64():
    thread = thread_factory()
    article = thread.article
    assert post_comment(Client(), article, "The first of many", SAME_64[0]).status_code == 302
    author_ban(comment=Comment.objects.get(), moderator=moderator_factory(), reason="Abuse")
    refused = post_comment(Client(), article, "Back from a new address", SAME_64[2])
    assert refused.status_code == 400
    assert not Comment.objects.filter(body="Back from a new address").exists()
    assert post_comment(Client(), article, "Someone else entirely", OTHER_64).status_code == 302


@override_settings(DISCUSSION_VOTE_GUESTS_PER_ADDRESS=2)
def test_browsers_in_one_64_each_vote_up_to_the_cap_of_guests_per_address():
    comment = comment_post(thread=thread_factory(), body="Vote on me", reader=guest_reader())
    url = f"/api/v1/comments/{comment.pk}/vote"

    def vote(address):
        # A new browser on the site's own page, as the page's script votes: it is given a key.
        return Client().post(url, '{"value": 1}', content_type="application/json", REMOTE_ADDR=address,
                             headers={"Sec-Fetch-Site": "same-origin"})

    # Two readers of one household each vote; a third fresh browser there is one too many.
    assert vote(SAME_64[0]).status_code == 200
    assert vote(SAME_64[3]).status_code == 200
    third = vote(SAME_64[2])
    assert third.status_code == 409 and third.json()["code"] == "vote_already_cast"
    assert vote(OTHER_64).status_code == 200
    comment.refresh_from_db()
    assert comment.upvotes == 3


def test_a_flood_from_one_64_is_held():
    ModerationSettings.objects.create(flood_limit=3)
    article = thread_factory().article
    for n, address in enumerate(SAME_64[:5]):
        post_comment(Client(), article, f"Flood {n}", address)
    post_comment(Client(), article, "Not part of it", OTHER_64)
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert [statuses[f"Flood {n}"] for n in range(5)] == ["visible"] * 3 + ["pending"] * 2
    assert statuses["Not part of it"] == "visible"


@override_settings(PROXY_COUNT=2)
def test_behind_two_proxies_readers_are_told_apart_and_forged_entries_change_nothing():
    cdn, proxy = "192.0.2.10", "10.0.0.2"
    for n in range(5):
        # Entries a script adds on the left, different every time.
        forged = f"198.18.0.{n}, 2001:db8:1:2::1, {cdn}"
        assert data_link_request(proxy, HTTP_X_FORWARDED_FOR=forged).status_code == 200
    assert data_link_request(proxy, HTTP_X_FORWARDED_FOR=f"2001:db8:1:2::77, {cdn}").status_code == 429
    # Another reader behind the same two proxies has a limit of their own.
    assert data_link_request(proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.8, {cdn}").status_code == 200
