"""A reader downloads and erases everything they wrote; a guest does it through an emailed link."""

import json
import re

import pytest
from django.urls import reverse

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post, vote_cast
from tribune.discussion.comments.tests.factories import guest_reader, thread_factory, user_factory

pytestmark = pytest.mark.django_db(transaction=True)


def test_registered_reader_downloads_and_erases_their_comments(client):
    user = user_factory("Maya Haddad")
    client.force_login(user)
    thread = thread_factory()
    client.post(reverse("discussion:comment_create", args=[thread.article.pk]), {"body": "Mine, all mine"})
    other = comment_post(thread=thread, body="Not mine", reader=guest_reader())
    page = client.get(reverse("discussion:my_data")).content.decode()
    assert "We hold 1 comment on your account." in page

    download = client.post(reverse("discussion:my_data_download"))
    data = json.loads(download.content)
    assert [c["body"] for c in data["comments"]] == ["Mine, all mine"]
    assert download["Content-Disposition"].startswith("attachment")

    assert client.post(reverse("discussion:my_data_erase")).status_code == 400  # not confirmed
    client.post(reverse("discussion:my_data_erase"), {"confirm": "yes"})
    assert not Comment.objects.filter(body="Mine, all mine").exists()
    other.refresh_from_db()
    assert other.body == "Not mine"


def test_guest_gets_a_link_by_email_and_erases_what_they_wrote(client, smtp):
    thread = thread_factory()
    written = comment_post(thread=thread, body="Wrote this as a guest", reader=guest_reader(),
                           guest_name="Tove", guest_email="tove@example.org")
    vote_cast(comment=written, reader=guest_reader(), value=1)
    response = client.post(reverse("discussion:my_data_request"), {"email": "Tove@Example.org"})
    assert response.status_code == 200
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "Tove@Example.org"
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://testserver(/\S+)", text).group(1)

    page = client.__class__().get(link)
    assert "We hold 1 comment under tove@example.org." in page.content.decode()
    token = link.rstrip("/").rsplit("/", 1)[1]
    stranger = client.__class__()
    data = json.loads(stranger.post(reverse("discussion:my_data_download"), {"token": token}).content)
    assert data["comments"][0]["email"] == "tove@example.org"
    stranger.post(reverse("discussion:my_data_erase"), {"token": token, "confirm": "yes"})
    written.refresh_from_db()
    assert (written.status, written.body, written.guest_email) == ("deleted", "", "")


def test_an_address_that_never_wrote_gets_no_email_and_the_same_answer(client, smtp):
    response = client.post(reverse("discussion:my_data_request"), {"email": "nobody@example.org"})
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert smtp.messages == []


def test_forged_or_expired_links_do_nothing(client):
    assert client.get(reverse("discussion:my_data_by_email", args=["forged"])).status_code == 410
    assert client.post(reverse("discussion:my_data_erase"), {"token": "forged", "confirm": "yes"}).status_code == 404


def test_no_raw_address_is_stored(client):
    thread = thread_factory()
    client.post(reverse("discussion:comment_create", args=[thread.article.pk]), {"body": "Hi"},
                REMOTE_ADDR="203.0.113.77")
    comment = Comment.objects.get()
    client.post(reverse("discussion:comment_vote", args=[comment.pk]), {"value": "1"},
                REMOTE_ADDR="203.0.113.78")
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the schema)
            for row in cursor.fetchall():
                assert not any("203.0.113" in str(value) for value in row), table


def test_erasing_withdraws_every_vote_even_past_the_vote_limit_and_on_removed_comments(client):
    from tribune.discussion.comments.identity import Reader
    from tribune.discussion.comments.models import Vote

    user = user_factory("Many Votes")
    reader = Reader(user=user)
    thread = thread_factory()
    voted = []
    for n in range(65):
        comment = comment_post(thread=thread, body=f"Worth a vote {n}", reader=guest_reader())
        # Votes cast over time, not in one burst: the rate limit is not what this test is about.
        Vote.objects.create(comment=comment, voter=reader.voter, value=1 if n % 2 else -1)
        Comment.objects.filter(pk=comment.pk).update(upvotes=n % 2, downvotes=1 - n % 2,
                                                     score=1 if n % 2 else -1)
        voted.append(comment)
    # A comment voted on and since removed by a moderator.
    Comment.objects.filter(pk=voted[0].pk).update(status=Comment.Status.REJECTED)
    vote_cast(comment=comment_post(thread=thread, body="One more", reader=guest_reader()), reader=reader,
              value=1)

    client.force_login(user)
    assert client.post(reverse("discussion:my_data_erase"), {"confirm": "yes"}).status_code == 200
    assert not Vote.objects.filter(voter=reader.voter).exists()
    assert set(Comment.objects.filter(thread=thread).values_list("upvotes", "downvotes", "score")) == {(0, 0, 0)}


def test_links_in_emails_point_at_the_site_whatever_host_the_request_named(client, smtp, settings):
    # A request naming another host the site answers to (or a proxy passing any Host on) must not
    # send a reader a link there: the tokens in those links open their data and subscriptions.
    settings.ALLOWED_HOSTS = ["testserver", "news.example.org", "evil.example"]
    settings.SITE_URL = "https://news.example.org"
    thread = thread_factory()
    client.post(reverse("discussion:comment_create", args=[thread.article.pk]),
                {"body": "Mine", "name": "Ida", "email": "ida@example.org", "notify": ["thread", "replies"]},
                HTTP_HOST="evil.example")
    client.post(reverse("discussion:my_data_request"), {"email": "ida@example.org"}, HTTP_HOST="evil.example")
    messages = smtp.wait_for(2)
    subjects = [message["Subject"] for message in messages]
    assert any("Your comments on" in subject for subject in subjects), subjects
    for message in messages:
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        assert "evil.example" not in text + html + str(message)
        found = re.findall(r"https?://[^\s<>\"]+", text)
        assert found and all(f"{link}/".startswith("https://news.example.org/") for link in found), found
