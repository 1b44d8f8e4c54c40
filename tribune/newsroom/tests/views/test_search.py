import re

import pytest

from tribune.newsroom.models import Article
from tribune.newsroom.search import article_search
from tribune.newsroom.tests.factories import article_factory

pytestmark = pytest.mark.django_db(transaction=True)


def headlines(response):
    pattern = r'<h2 class="article-card__headline"><a href="[^"]+">([^<]+)</a>'
    return re.findall(pattern, response.content.decode())


class TestSearch:
    def test_headline_matches_rank_above_body_matches(self, client):
        article_factory(headline="Market day", body="Farmers bring olives and also talk about the drought.")
        article_factory(headline="Drought empties the reservoirs", body="The drought is the worst in years.")
        article_factory(headline="Football", body="Nothing about water here.")
        response = client.get("/search/", {"q": "drought"})
        assert headlines(response) == ["Drought empties the reservoirs", "Market day"]
        assert "2 articles match" in response.content.decode()

    def test_results_are_paginated_and_keep_the_query(self, client, settings):
        settings.NEWSROOM_ARTICLES_PER_PAGE = 2
        for number in range(3):
            article_factory(headline=f"Saffron story {number}", body="Text.")
        first = client.get("/search/", {"q": "saffron"})
        assert len(headlines(first)) == 2 and "3 articles match" in first.content.decode()
        assert 'href="?q=saffron&amp;page=2"' in first.content.decode()
        assert len(headlines(client.get("/search/", {"q": "saffron", "page": "2"}))) == 1

    def test_word_forms_match(self):
        article_factory(headline="Farmers are harvesting", body="Text.")
        assert [a.headline for a in article_search(query="harvest")] == ["Farmers are harvesting"]

    def test_drafts_are_never_found(self):
        article_factory(headline="Hidden drought", status=Article.Status.DRAFT)
        assert article_search(query="drought") == []

    def test_edits_are_found_at_once(self):
        from tribune.newsroom.services import article_save

        article = article_factory(headline="Old title", body="Plain words.")
        article.body = "Now about saffron."
        article_save(article=article)
        assert article_search(query="saffron") == [article]

    @pytest.mark.parametrize("query", ['"', "AND (", "NEAR(", "*", "-", "a OR", "'; DROP TABLE x; --",
                                       "\u0000", "é" * 500, "<script>"])
    def test_odd_queries_answer_normally(self, client, query):
        article_factory(headline="Something", body="Text.")
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200

    def test_the_query_is_shown_escaped(self, client):
        html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_empty_query_shows_the_form_only(self, client):
        response = client.get("/search/")
        assert response.status_code == 200
        assert 'type="search"' in response.content.decode()
