"""sitemap.xml: every published article, section, tag and author page."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Author, Section, Tag


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return (Article.objects.published().only("slug", "published_at", "revised_at")
                .order_by("-published_at"))

    def lastmod(self, item):
        return item.revised_at or item.published_at


class SiteSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["newsroom:front_page"]

    def location(self, item):
        return reverse(item)


class _ListSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5
    model = None

    def items(self):
        return self.model.objects.order_by("slug")


class SectionSitemap(_ListSitemap):
    model = Section


class TagSitemap(_ListSitemap):
    model = Tag


class AuthorSitemap(_ListSitemap):
    model = Author


SITEMAPS = {
    "site": SiteSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
