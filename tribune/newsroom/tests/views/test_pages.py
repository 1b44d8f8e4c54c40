import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tribune.newsroom.models import Article
from tribune.newsroom.tests.factories import (
    article_factory,
    author_factory,
    image_factory,
    section_factory,
    tag_factory,
)

pytestmark = pytest.mark.django_db


def headlines(response):
    pattern = r'<h2 class="article-card__headline"><a href="[^"]+">([^<]+)</a>'
    return re.findall(pattern, response.content.decode())


class TestListPages:
    @override_settings(NEWSROOM_ARTICLES_PER_PAGE=2)
    def test_front_page_is_paginated_newest_first(self, client):
        for number in (3, 2, 1):
            article_factory(headline=f"Story {number}", publish_at=timezone.now() - timedelta(hours=number))
        assert headlines(client.get("/")) == ["Story 1", "Story 2"]
        second = client.get("/?page=2")
        assert headlines(second) == ["Story 3"]
        assert "Page 2 of 2" in second.content.decode()
        assert client.get("/?page=junk").status_code == 200

    def test_drafts_and_scheduled_articles_are_not_listed(self, client):
        article_factory(headline="Out now")
        article_factory(headline="Still a draft", status=Article.Status.DRAFT)
        article_factory(headline="Tomorrow", status=Article.Status.SCHEDULED,
                        publish_at=timezone.now() + timedelta(days=1))
        assert headlines(client.get("/")) == ["Out now"]

    def test_section_page_lists_only_its_articles(self, client):
        politics = section_factory("Politics")
        article_factory(headline="In politics", section=politics)
        article_factory(headline="Elsewhere")
        response = client.get(reverse("newsroom:section", args=["politics"]))
        assert headlines(response) == ["In politics"]
        assert 'type="application/rss+xml"' in response.content.decode()

    def test_tag_page_lists_tagged_articles(self, client):
        place = tag_factory("Aleppo")
        article_factory(headline="From Aleppo", tags=[place])
        article_factory(headline="Not tagged")
        assert headlines(client.get(place.get_absolute_url())) == ["From Aleppo"]

    def test_author_page_shows_bio_and_articles(self, client):
        author = author_factory("Rana Saleh")
        author.bio = "Covers water and farming."
        author.save()
        article_factory(headline="Her story", authors=[author])
        article_factory(headline="Someone else's")
        response = client.get(author.get_absolute_url())
        assert headlines(response) == ["Her story"]
        assert "Covers water and farming." in response.content.decode()

    def test_unknown_section_tag_or_author_is_a_404(self, client):
        for name in ("newsroom:section", "newsroom:tag", "newsroom:author"):
            assert client.get(reverse(name, args=["nope"])).status_code == 404


class TestArticlePage:
    def test_byline_section_tags_and_lead_image_with_renditions(self, client):
        first, second = author_factory("Amal Noor"), author_factory("Zaid Karam")
        article = article_factory(
            headline="Bridge reopens", authors=[first, second], section=section_factory("Local"),
            tags=[tag_factory("Homs")],
            lead_image=image_factory(width=1000, height=500, caption="The bridge"),
        )
        html = client.get(article.get_absolute_url()).content.decode()
        assert re.search(r'rel="author">Amal Noor</a> and <a [^>]+>Zaid Karam</a>', html)
        assert 'href="/sections/local/"' in html and 'href="/tags/homs/"' in html
        assert re.search(r'<source type="image/webp" srcset="[^"]+480w, [^"]+800w, [^"]+1000w"', html)
        assert re.search(r'<source type="image/jpeg" srcset="[^"]+480w', html)
        assert 'width="1000" height="500"' in html
        assert "The bridge" in html

    def test_source_stands_in_for_a_byline(self, client):
        article = article_factory(source="Wire service")
        assert '<span class="article__source">Wire service</span>' in client.get(
            article.get_absolute_url()).content.decode()

    def test_updated_time_shows_after_a_correction(self, client):
        from tribune.newsroom.services import article_save

        article = article_factory()
        assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
        article.body += "\n\nCorrection: the bridge is 40 m long."
        article_save(article=article)
        assert "Updated" in client.get(article.get_absolute_url()).content.decode()

    def test_a_scheduled_article_is_a_404_until_its_time(self, client):
        when = timezone.now() + timedelta(hours=1)
        article = article_factory(status=Article.Status.SCHEDULED, publish_at=when)
        assert client.get(article.get_absolute_url()).status_code == 404
        with mock.patch("django.utils.timezone.now", return_value=when + timedelta(minutes=1)):
            assert client.get(article.get_absolute_url()).status_code == 200

    def test_paragraph_ids_are_on_the_page(self, client):
        article = article_factory(body="One.\n\nTwo.")
        html = client.get(article.get_absolute_url()).content.decode()
        assert len(re.findall(r'<p id="p-[0-9a-f]{8}">', html)) == 2


class TestPreview:
    def test_a_draft_is_readable_at_its_private_link_and_not_indexed(self, client):
        article = article_factory(headline="Secret draft", status=Article.Status.DRAFT)
        assert client.get(article.get_absolute_url()).status_code == 404
        response = client.get(article.get_preview_url())
        assert response.status_code == 200
        assert "Secret draft" in response.content.decode()
        assert "Preview of a draft" in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_a_wrong_token_is_a_404(self, client):
        article_factory(status=Article.Status.DRAFT)
        assert client.get("/preview/not-the-token/").status_code == 404

    def test_a_renewed_link_replaces_the_old_one(self, client):
        from tribune.newsroom.services import article_preview_link_renew

        article = article_factory(status=Article.Status.DRAFT)
        old = article.get_preview_url()
        article_preview_link_renew(article=article)
        assert client.get(old).status_code == 404
        assert client.get(article.get_preview_url()).status_code == 200
