""""Follow without commenting" without JavaScript: the answer comes back to the button, which says
what happened and shows the reader following; nobody else ever sees it, cached page or not."""

import lxml.html
import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tribune.discussion.comments.models import Thread
from tribune.discussion.notifications.models import Subscription

pytestmark = pytest.mark.django_db

# The messages at the top of every page (base.html).
TOP_MESSAGES = "//div[contains(concat(' ', @class, ' '), ' messages ')]"


def follow(client, article, **data):
    return client.post(reverse("notifications:thread_follow", kwargs={"article_id": article.pk}),
                       {"notify": ["thread"], "notify_cadence": "each", **data})


def page(client, response):
    assert response.status_code == 302
    return lxml.html.fromstring(client.get(response["Location"]).content)


def test_a_guest_who_follows_is_told_beside_the_button_to_confirm_by_email(client, smtp, article):
    response = follow(client, article, email="ada@example.org")
    assert response["Location"] == f"{article.get_absolute_url()}#follow"
    html = page(client, response)
    [said] = html.xpath("//*[@id='follow']//*[@role='status'][@data-notify-said]")
    assert "Follow the link in it to confirm" in said.text_content()
    # The button gives way to what the guest has now; they cannot manage an address they have
    # not confirmed, so there is no link to do it.
    [state] = html.xpath("//*[@id='follow']//*[@data-notify-following]")
    assert state.text_content().strip() == "Waiting for you to confirm by email"
    assert not html.xpath("//*[@id='follow']//*[@data-notify-follow]") and not state.xpath(".//a")
    # Said there only, not at the top of the page the browser scrolled away from.
    assert not html.xpath(TOP_MESSAGES)


def test_a_signed_in_reader_who_follows_sees_it_and_where_to_stop(client, make_user, article):
    client.force_login(make_user("lin"))
    html = page(client, follow(client, article))
    [said] = html.xpath("//*[@id='follow']//*[@data-notify-said]")
    assert said.text_content().startswith("You now follow this discussion.")
    [state] = html.xpath("//*[@id='follow']//*[@data-notify-following]")
    assert "You follow this discussion" in state.text_content()
    [manage] = state.xpath(".//a")
    assert manage.get("href") == reverse("notifications:subscriptions_mine")
    assert Subscription.objects.get().confirmed_at is not None


def test_a_followers_notice_is_never_kept_for_or_shown_to_another_reader(client, smtp, article):
    stranger = Client()
    # The stranger's page goes into the shared page cache first.
    assert stranger.get(article.get_absolute_url())["X-Tribune-Cache"] == "miss"
    response = follow(client, article, email="ada@example.org")
    mine = client.get(response["Location"])
    assert following(mine) == ["Waiting for you to confirm by email"]
    # Made for the follower alone: neither taken from the cache nor put in it, nor kept by proxies.
    assert "X-Tribune-Cache" not in mine and "private" in mine["Cache-Control"]
    for expected in ("hit", "hit"):
        theirs = stranger.get(article.get_absolute_url())
        assert theirs["X-Tribune-Cache"] == expected
        assert following(theirs) == [] and said(theirs) == ""
    # Said once: the follower's next page is the usual one.
    assert said(client.get(article.get_absolute_url())) == ""


def following(response) -> list[str]:
    html = lxml.html.fromstring(response.content)
    return [p.text_content().strip() for p in html.xpath("//*[@id='follow']//*[@data-notify-following]")]


def said(response) -> str:
    html = lxml.html.fromstring(response.content)
    return "".join(p.text_content() for p in html.xpath("//*[@id='follow']//*[@data-notify-said]")).strip()


def test_a_notice_for_a_place_the_page_lacks_stays_at_the_top(client, make_user, article):
    """A follow answered while the comments closed still says what happened, at the top."""
    client.force_login(make_user("lin"))
    response = follow(client, article)
    Thread.objects.filter(article=article).update(is_open=False)
    html = page(client, response)
    assert not html.xpath("//*[@id='follow']")
    [top] = html.xpath(TOP_MESSAGES + "/p")
    assert top.text_content().startswith("You now follow this discussion.")


def test_following_from_an_article_without_a_thread_through_the_api_makes_it(client, make_user, article):
    client.force_login(make_user("lin"))
    url = reverse("api:SubscriptionCreateForArticleApi", kwargs={"article_id": article.pk})
    answer = client.post(url, {"kinds": ["thread"]}, content_type="application/json")
    assert answer.status_code == 201, answer.content
    thread = Thread.objects.get(article=article)
    assert answer.json() == {"thread_id": thread.pk, "kinds": ["thread"], "cadence": "each", "pending": False}
    assert client.post(reverse("api:SubscriptionCreateForArticleApi", kwargs={"article_id": 987654}),
                       {"kinds": ["thread"]}, content_type="application/json").status_code == 404


@override_settings(DISCUSSION_SUBSCRIBE_RATE=(2, 3600))
def test_a_script_following_by_the_api_from_one_connection_is_limited(client, smtp, article):
    url = reverse("api:SubscriptionCreateForArticleApi", kwargs={"article_id": article.pk})
    answers = [client.post(url, {"kinds": ["thread"], "email": f"victim{n}@example.org"},
                           content_type="application/json", REMOTE_ADDR="203.0.113.9") for n in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert Subscription.objects.count() == 2
