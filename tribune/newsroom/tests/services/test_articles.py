from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tribune.newsroom.models import Article
from tribune.newsroom.services import (
    ArticleScheduleInvalidError,
    ArticleSlugTakenError,
    article_bylines_set,
    article_create,
    article_save,
)
from tribune.newsroom.tests.factories import article_factory, author_factory

pytestmark = pytest.mark.django_db


class TestArticleCreate:
    def test_byline_keeps_the_editors_order(self):
        second, first = author_factory("Zaid Karam"), author_factory("Amal Noor")
        article = article_factory(authors=[second, first])
        assert [b.author.name for b in article.bylines.all()] == ["Zaid Karam", "Amal Noor"]

    def test_slug_comes_from_the_headline(self):
        article = article_factory(headline="Water returns to Hama’s mills")
        assert article.slug == "water-returns-to-hamas-mills"

    def test_a_taken_slug_is_refused_and_nothing_is_written(self):
        article_factory(headline="Same words")
        with pytest.raises(ArticleSlugTakenError):
            article_factory(headline="Same words")
        assert Article.objects.filter(slug="same-words").count() == 1

    def test_a_scheduled_article_needs_a_time(self):
        with pytest.raises(ArticleScheduleInvalidError):
            article_create(headline="Later", body="Text", status=Article.Status.SCHEDULED)
        assert not Article.objects.exists()

    def test_an_empty_body_is_refused(self):
        with pytest.raises(ValidationError):
            article_create(headline="Nothing", body="", status=Article.Status.PUBLISHED)
        assert not Article.objects.exists()

    def test_a_bad_canonical_url_is_refused(self):
        with pytest.raises(ValidationError):
            article_factory(canonical_url="javascript:alert(1)")


class TestScheduling:
    def test_a_scheduled_article_appears_by_itself_at_its_time(self):
        when = timezone.now() + timedelta(hours=2)
        article = article_factory(status=Article.Status.SCHEDULED, publish_at=when)
        assert not Article.objects.published().filter(pk=article.pk).exists()
        with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
            assert Article.objects.published().filter(pk=article.pk).exists()

    def test_a_published_article_with_a_future_time_waits_too(self):
        when = timezone.now() + timedelta(days=1)
        article = article_factory(status=Article.Status.PUBLISHED, publish_at=when)
        assert not Article.objects.published().filter(pk=article.pk).exists()


class TestArticleSave:
    def test_editing_the_text_of_a_published_article_marks_it_updated(self):
        article = article_factory()
        assert article.revised_at is None
        article.body += "\n\nA correction."
        article_save(article=article)
        assert article.revised_at is not None

    def test_editing_a_draft_does_not(self):
        article = article_factory(status=Article.Status.DRAFT)
        article.body = "Rewritten"
        article_save(article=article)
        assert article.revised_at is None

    def test_saving_renders_the_body_again(self):
        article = article_factory(body="Old *words*")
        article.body = "New **words**"
        article_save(article=article)
        assert "<strong>words</strong>" in article.body_html

    def test_bylines_can_be_replaced(self):
        article = article_factory(authors=[author_factory("A One")])
        article_bylines_set(article=article, authors=[author_factory("B Two")])
        assert [b.author.name for b in article.bylines.all()] == ["B Two"]
