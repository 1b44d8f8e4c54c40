"""The article page cache: fast for anonymous readers, never stale, never personal."""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.module_loading import import_string

from tribune.newsroom.cache import HEADER
from tribune.newsroom.services import article_cache_invalidate, article_save, image_save
from tribune.newsroom.tests.factories import article_factory, image_factory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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
        vote_cast = import_string("tribune.discussion.services.vote_cast")
        comment_post = import_string("tribune.discussion.services.comment_post")
        Reader = import_string("tribune.discussion.identity.Reader")
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
