import json
import re
from datetime import timedelta
from unittest import mock

import feedparser
import pytest
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


@pytest.fixture
def articles():
    section, tag = section_factory("Economy"), tag_factory("Trade", kind="topic")
    article_factory(headline="Bread prices fall", standfirst="Wheat arrived.", section=section, tags=[tag],
                    authors=[author_factory("Amal Noor")])
    article_factory(headline="Elections set", source="Wire")
    article_factory(headline="Unfinished", status=Article.Status.DRAFT)
    return section, tag


class TestFeeds:
    @pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
    def test_site_feeds_parse_and_list_published_articles(self, client, articles, url):
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        titles = [entry.title for entry in parsed.entries]
        assert titles == ["Bread prices fall", "Elections set"]
        first = parsed.entries[0]
        assert first.link.endswith("/articles/bread-prices-fall/")
        assert first.author == "Amal Noor"
        assert [t.term for t in first.tags] == ["Trade"]

    @pytest.mark.parametrize("kind", ["rss", "atom"])
    def test_section_and_tag_feeds_hold_their_articles(self, client, articles, kind):
        for url in (f"/sections/economy/{kind}/", f"/tags/trade/{kind}/"):
            parsed = feedparser.parse(client.get(url).content)
            assert not parsed.bozo
            assert [e.title for e in parsed.entries] == ["Bread prices fall"]

    def test_a_feed_costs_three_queries_however_many_articles_it_lists(self, client, articles,
                                                                       django_assert_num_queries):
        for n in range(5):
            article_factory(headline=f"More news {n}", authors=[author_factory(f"Writer {n}")],
                            tags=[tag_factory(f"Topic {n}", kind="topic")], lead_image=image_factory())
        # The articles, their bylines with authors, their tags; feeds show no images.
        with django_assert_num_queries(3):
            assert len(feedparser.parse(client.get("/feeds/rss/").content).entries) == 7

    def test_a_scheduled_article_enters_the_feed_at_its_time(self, client):
        when = timezone.now() + timedelta(hours=3)
        article_factory(headline="Later", status=Article.Status.SCHEDULED, publish_at=when)
        assert feedparser.parse(client.get("/feeds/rss/").content).entries == []
        with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
            entries = feedparser.parse(client.get("/feeds/rss/").content).entries
        assert [e.title for e in entries] == ["Later"]

    def test_unknown_section_feed_is_a_404(self, client):
        assert client.get("/sections/nope/rss/").status_code == 404


class TestSitemapAndRobots:
    def test_sitemap_lists_published_articles_only(self, client, articles):
        xml = client.get("/sitemap.xml").content.decode()
        assert "/articles/bread-prices-fall/" in xml
        assert "/articles/unfinished/" not in xml
        assert "/sections/economy/" in xml and "/tags/trade/" in xml

    def test_robots_points_at_the_sitemap(self, client):
        text = client.get("/robots.txt").content.decode()
        assert "Sitemap: http://testserver/sitemap.xml" in text
        assert "Disallow: /preview/" in text


class TestSocialAndStructuredData:
    def test_article_has_opengraph_twitter_and_newsarticle_json_ld(self, client, articles):
        html = client.get("/articles/bread-prices-fall/").content.decode()
        assert '<meta property="og:title" content="Bread prices fall">' in html
        assert '<meta property="og:type" content="article">' in html
        assert '<meta name="twitter:card" content="summary">' in html
        assert '<link rel="canonical" href="http://testserver/articles/bread-prices-fall/">' in html
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        data = json.loads(block)
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == "Bread prices fall"
        assert data["author"] == [{"@type": "Person", "name": "Amal Noor",
                                   "url": "http://testserver/authors/amal-noor/"}]
        assert data["articleSection"] == "Economy"
        assert data["datePublished"]

    def test_without_a_standfirst_the_body_describes_the_article(self, client):
        article = article_factory(standfirst="", body="The *first* words of the story.\n\nMore.")
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<meta property="og:description" content="The first words of the story. More.">' in html

    def test_a_headline_cannot_end_the_json_ld_script(self, client):
        article = article_factory(headline="</script><script>alert(1)</script>")
        html = client.get(article.get_absolute_url()).content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        assert json.loads(block)["headline"] == "</script><script>alert(1)</script>"
        assert "<script>alert(1)" not in html

    def test_canonical_url_of_a_syndicated_story_points_at_the_original(self, client):
        article = article_factory(canonical_url="https://example.org/original")
        assert '<link rel="canonical" href="https://example.org/original">' in client.get(
            article.get_absolute_url()).content.decode()
