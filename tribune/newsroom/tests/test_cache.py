"""The article page cache: fast for anonymous readers, never stale, never personal."""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.module_loading import import_string

from tribune.newsroom.cache import HEADER, csrf_placeholder
from tribune.newsroom.services import article_cache_invalidate, article_save, image_save
from tribune.newsroom.tests.factories import article_factory, image_factory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The hidden field itself: a comment's text may spell out its attributes, never the tag.
TOKEN_FIELD = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">')


def comment_count(html):
    return re.search(r'id="comments-title"[^>]*>(\d+) comment', html).group(1)


class TestPageCache:
    def test_second_anonymous_view_is_served_from_the_cache_with_one_query(self, client,
                                                                         django_assert_num_queries):
        article = article_factory()
        assert client.get(article.get_absolute_url())[HEADER] == "miss"
        with django_assert_num_queries(1):
            response = Client().get(article.get_absolute_url())
        assert response[HEADER] == "hit"
        assert article.headline in response.content.decode()

    def test_editing_the_article_shows_at_once(self, client):
        article = article_factory(body="Before the edit.")
        client.get(article.get_absolute_url())
        article.body = "After the edit."
        article_save(article=article)
        html = client.get(article.get_absolute_url()).content.decode()
        assert "After the edit." in html and "Before the edit." not in html

    def test_invalidating_one_article_or_all_of_them(self, client):
        from tribune.newsroom.models import Article

        one, two = article_factory(), article_factory()
        for article in (one, two):
            client.get(article.get_absolute_url())
        Article.objects.filter(pk=one.pk).update(headline="Quietly changed one")
        Article.objects.filter(pk=two.pk).update(headline="Quietly changed two")
        article_cache_invalidate(article_id=one.pk)
        assert "Quietly changed one" in client.get(one.get_absolute_url()).content.decode()
        assert client.get(two.get_absolute_url())[HEADER] == "hit"
        article_cache_invalidate(article_id=None)
        assert "Quietly changed two" in client.get(two.get_absolute_url()).content.decode()

    def test_changing_the_lead_image_caption_shows_at_once(self, client):
        image = image_factory(caption="Old caption")
        article = article_factory(lead_image=image)
        client.get(article.get_absolute_url())
        image.caption = "New caption"
        image_save(image=image)
        assert "New caption" in client.get(article.get_absolute_url()).content.decode()

    def test_an_unpublished_article_leaves_at_once(self, client):
        article = article_factory()
        client.get(article.get_absolute_url())
        article.status = article.Status.DRAFT
        article_save(article=article)
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_query_parameters_give_their_own_page(self, client, demo):
        newest = client.get(demo.get_absolute_url()).content.decode()
        oldest = client.get(demo.get_absolute_url() + "?sort=oldest").content.decode()
        assert newest.index("excellentes news") < newest.index("Yes, the best news all week.")
        assert oldest.index("Yes, the best news all week.") < oldest.index("excellentes news")

    def test_a_new_comment_shows_at_once(self, client, demo):
        assert comment_count(client.get(demo.get_absolute_url()).content.decode()) == "7"
        response = client.post(f"/discussion/articles/{demo.pk}/comments/",
                               {"body": "Fresh comment", "name": "Rami"})
        assert response.status_code == 302
        html = client.get(demo.get_absolute_url()).content.decode()
        assert comment_count(html) == "8" and "Fresh comment" in html

    def test_a_vote_leaves_the_lists_cached_and_a_new_comment_does_not(self, client, demo):
        # By name: newsroom, even in its tests, does not import the discussion.
        Comment = apps.get_model("discussion", "Comment")
        vote_cast = import_string("tribune.discussion.comments.services.vote_cast")
        comment_post = import_string("tribune.discussion.comments.services.comment_post")
        Reader = import_string("tribune.discussion.comments.identity.Reader")
        client.get("/")
        client.get(demo.get_absolute_url())
        comment = Comment.objects.filter(status="visible").first()
        vote_cast(comment=comment, reader=Reader(guest_key="k" * 43), value=1)
        assert client.get("/")[HEADER] == "hit"
        assert client.get(demo.get_absolute_url())[HEADER] == "miss"
        comment_post(thread=comment.thread, body="One more", guest_name="Ida", reader=Reader(guest_key="j" * 43))
        front = client.get("/")
        assert front[HEADER] == "miss" and "8 comments" in front.content.decode()

    def test_a_campaign_change_shows_at_once(self, client, demo, django_capture_on_commit_callbacks):
        # By name: newsroom, even in its tests, does not import donations.
        campaign = apps.get_model("donations", "Campaign").objects.get()
        campaign_save = import_string("tribune.donations.services.campaign_save")
        assert "5,000" in client.get(demo.get_absolute_url()).content.decode()
        campaign.goal_minor = 800_000
        with django_capture_on_commit_callbacks(execute=True):
            campaign_save(campaign=campaign)
        html = client.get(demo.get_absolute_url()).content.decode()
        assert "8,000" in html and "5,000" not in html

    def test_the_prompt_cookie_is_not_shared(self, client, demo):
        assert "Would love your thoughts" in client.get(demo.get_absolute_url()).content.decode()
        dismissed = Client()
        dismissed.post("/discussion/prompt/dismiss/", {"next": "/"})
        assert "Would love your thoughts" not in dismissed.get(demo.get_absolute_url()).content.decode()
        assert "Would love your thoughts" in Client().get(demo.get_absolute_url()).content.decode()


class TestNothingPersonalIsShared:
    def test_each_reader_gets_their_own_csrf_token_and_can_post(self, demo):
        first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
        first_page = first.get(demo.get_absolute_url())
        second_page = second.get(demo.get_absolute_url())
        assert second_page[HEADER] == "hit"
        first_token = TOKEN.search(first_page.content.decode()).group(1)
        second_token = TOKEN.search(second_page.content.decode()).group(1)
        assert first_token != second_token
        assert "__tribune_csrf_token__" not in second_page.content.decode()
        response = second.post(f"/discussion/articles/{demo.pk}/comments/",
                               {"body": "Posted from a cached page", "name": "Hana",
                                "csrfmiddlewaretoken": second_token})
        assert response.status_code == 302

    def test_a_signed_in_reader_is_never_served_nor_stored(self, demo):
        user = get_user_model().objects.create_user("mona", password="long-enough-password-1")
        signed_in = Client()
        signed_in.force_login(user)
        Client().get(demo.get_absolute_url())  # an anonymous copy is in the cache
        mine = signed_in.get(demo.get_absolute_url())
        assert HEADER not in mine
        # The signed-in form has no name and email fields; the anonymous one does.
        assert 'name="name"' not in mine.content.decode()
        anonymous = Client().get(demo.get_absolute_url())
        assert anonymous[HEADER] == "hit" and 'name="name"' in anonymous.content.decode()


    def test_a_guest_key_header_cannot_poison_the_shared_page(self, demo):
        """A cookieless request naming a guest's key must not put that guest's page in the cache:
        their Delete links, their disabled vote buttons, their held comment's text."""
        held, mine, key = _guest_comments_with_a_held_one(demo)
        # The guest's key sent the way the API takes it, by a page request with no cookie.
        Client().get(demo.get_absolute_url(), HTTP_X_GUEST_KEY=key)
        for html in (Client().get(demo.get_absolute_url()).content.decode(),
                     Client().get(demo.get_absolute_url()).content.decode()):
            assert f"/discussion/comments/{mine.pk}/delete/" not in html
            assert "disabled" not in html
            assert "A held thought, for the moderator only" not in html
            assert "This comment is waiting for a moderator." in html

    @pytest.mark.parametrize("identity", ["guest_cookie", "guest_key", "authorization", "session_cookie",
                                          "messages_cookie"])
    def test_a_request_carrying_an_identity_is_neither_served_nor_stored(self, demo, identity):
        held, mine, key = _guest_comments_with_a_held_one(demo)
        Client().get(demo.get_absolute_url())  # an anonymous copy is in the cache
        personal = _personal_client(identity, key)
        response = personal.get(demo.get_absolute_url())
        assert HEADER not in response
        assert "private" in response["Cache-Control"]
        html = response.content.decode()
        if identity == "guest_cookie":
            # Pages take the guest's key from the signed cookie: the guest sees their own links.
            assert f"/discussion/comments/{mine.pk}/delete/" in html
        if identity == "messages_cookie":
            assert "Just for you" in html
        personal = _personal_client(identity, key)
        front = personal.get("/")
        assert HEADER not in front and "private" in front["Cache-Control"]
        for page in (demo.get_absolute_url(), "/"):
            anonymous = Client().get(page)
            assert f"/discussion/comments/{mine.pk}/delete/" not in anonymous.content.decode()
            assert "Just for you" not in anonymous.content.decode()

    def test_a_page_only_answers_to_the_guest_cookie_not_the_header(self, demo):
        held, mine, key = _guest_comments_with_a_held_one(demo)
        html = Client().get(demo.get_absolute_url(), HTTP_X_GUEST_KEY=key).content.decode()
        assert f"/discussion/comments/{mine.pk}/delete/" not in html

    def test_an_anonymous_list_may_be_kept_by_a_proxy_and_an_article_page_never(self, demo):
        front = Client().get("/")
        assert "private" not in front.get("Cache-Control", "") and "Cookie" in front["Vary"]
        article = Client().get(demo.get_absolute_url())
        # The article page sets the reader's own CSRF cookie: never for a shared proxy.
        assert "private" in article["Cache-Control"] and "Cookie" in article["Vary"]

    def test_a_comment_holding_the_token_placeholder_never_carries_a_readers_token(self, demo):
        comment_post = import_string("tribune.discussion.comments.services.comment_post")
        Reader = import_string("tribune.discussion.comments.identity.Reader")
        thread = import_string("tribune.discussion.comments.selectors.thread_for_article")(article=demo)
        bait = []
        for placeholder in ("__tribune_csrf_token__", csrf_placeholder()):
            bait.append(f"[Claim your prize](https://evil.example/steal?t={placeholder}) "
                        f"`{placeholder}` {placeholder} "
                        f'<input type="hidden" name="csrfmiddlewaretoken" value="{placeholder}">')
        comment_post(thread=thread, body="\n\n".join(bait), guest_name="Bait",
                     reader=Reader(guest_key="b" * 43, address_hash="bait"))
        Client().get(demo.get_absolute_url())  # stored
        reader = Client()
        response = reader.get(demo.get_absolute_url())
        assert response[HEADER] == "hit"
        html = response.content.decode()
        tokens = TOKEN_FIELD.findall(html)
        assert tokens and len(set(tokens)) == 1
        token = tokens[0]
        # The reader's token is in the hidden fields of the forms and nowhere else.
        assert html.count(token) == len(tokens)
        assert 'href="https://evil.example/steal?t=' in html
        assert f"steal?t={token}" not in html
        assert reader.cookies["csrftoken"].value


def _guest_comments_with_a_held_one(article):
    """Have one guest write a visible comment and a held one that someone answered."""
    comment_post = import_string("tribune.discussion.comments.services.comment_post")
    Reader = import_string("tribune.discussion.comments.identity.Reader")
    Comment = apps.get_model("discussion", "Comment")
    thread = import_string("tribune.discussion.comments.selectors.thread_for_article")(article=article)
    key = "g" * 43
    guest = Reader(guest_key=key, address_hash="guest-address")
    mine = comment_post(thread=thread, body="My visible remark", guest_name="Gus", reader=guest)
    held = comment_post(thread=thread, body="A held thought, for the moderator only", guest_name="Gus",
                        reader=guest)
    comment_post(thread=thread, body="An answer to the held one", guest_name="Ann", parent_id=held.pk,
                 reader=Reader(guest_key="a" * 43, address_hash="other-address"))
    Comment.objects.filter(pk=held.pk).update(status="pending")
    article_cache_invalidate(article_id=article.pk)
    return held, mine, key


def _personal_client(kind, key):
    """Return a test client that carries one kind of identity."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    if kind == "guest_key":
        return Client(HTTP_X_GUEST_KEY=key)
    if kind == "authorization":
        return Client(HTTP_AUTHORIZATION="Bearer someone-s-token")
    client = Client()
    if kind == "session_cookie":
        users = get_user_model().objects
        client.force_login(users.filter(username="nadia").first()
                           or users.create_user("nadia", password="long-enough-password-1"))
    elif kind == "guest_cookie":
        response = HttpResponse()
        response.set_signed_cookie("tribune_guest", key, salt="tribune.discussion.guest")
        client.cookies.update(response.cookies)
    elif kind == "messages_cookie":
        storage = CookieStorage(HttpRequest())
        client.cookies[storage.cookie_name] = storage._encode([Message(constants.INFO, "Just for you")])
    return client


class TestListCache:
    def test_second_view_of_the_front_page_is_served_from_the_cache(self, client, django_assert_num_queries):
        article_factory(headline="Listed")
        assert client.get("/")[HEADER] == "miss"
        with django_assert_num_queries(1):
            response = Client().get("/")
        assert response[HEADER] == "hit" and "Listed" in response.content.decode()

    def test_a_new_or_edited_article_shows_in_the_lists_at_once(self, client):
        article = article_factory(headline="First headline")
        client.get("/")
        article_factory(headline="Second story")
        article.headline = "First headline, corrected"
        article_save(article=article)
        html = client.get("/").content.decode()
        assert "Second story" in html and "First headline, corrected" in html

    def test_a_scheduled_article_enters_the_cached_front_page_at_its_time(self, client):
        from datetime import timedelta
        from unittest import mock

        from django.utils import timezone

        when = timezone.now() + timedelta(hours=1)
        article_factory(headline="Already out")
        article_factory(headline="Due later", status="scheduled", publish_at=when)
        assert "Due later" not in client.get("/").content.decode()
        assert client.get("/")[HEADER] == "hit"
        with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
            assert "Due later" in client.get("/").content.decode()

    def test_a_deleted_article_leaves_the_lists_at_once(self, client):
        article_factory(headline="Newest story")
        older = article_factory(headline="Older story, withdrawn")
        assert "Older story, withdrawn" in client.get("/").content.decode()
        older.delete()
        assert "Older story, withdrawn" not in client.get("/").content.decode()

    def test_renaming_a_section_shows_on_its_page(self, client):
        from tribune.newsroom.tests.factories import section_factory

        section = section_factory("Economy")
        article_factory(section=section)
        client.get(section.get_absolute_url())
        section.name = "Money"
        section.save()
        assert "Money" in client.get(section.get_absolute_url()).content.decode()


def test_rows_of_other_models_are_deleted_in_one_statement_without_touching_the_pages(
        django_assert_num_queries):
    from tribune.core.models import RateCounter
    from tribune.newsroom.models import PageCacheGeneration

    RateCounter.objects.bulk_create([RateCounter(key=f"old:{n}", window_start=n) for n in range(50)])
    generations = list(PageCacheGeneration.objects.values_list("pk", "value"))
    with django_assert_num_queries(1):
        RateCounter.objects.filter(window_start__lt=100).delete()
    assert list(PageCacheGeneration.objects.values_list("pk", "value")) == generations
