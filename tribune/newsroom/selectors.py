"""Newsroom reads, with the joins each page needs so that templates never query."""

from django.db.models import Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from .models import Article, Author, Byline, PageCacheGeneration, Rendition, Section, Tag


def article_list_published() -> QuerySet[Article]:
    """Return published articles, newest first, with what a list of them shows."""
    return _with_display_relations(Article.objects.published())


def article_get_published(*, slug: str) -> Article:
    """Return the published article with `slug`, or raise Http404."""
    return get_object_or_404(article_list_published().prefetch_related("tags"), slug=slug)


def article_get_for_preview(*, token: str) -> Article:
    """Return the article (any status) whose private preview link carries `token`, or raise Http404."""
    return get_object_or_404(_with_display_relations(Article.objects.all()).prefetch_related("tags"),
                             preview_token=token)


def article_cache_state(*, slug: str) -> tuple[int, str | None] | None:
    """Return (id, cache version) of the published article `slug`, or None when there is none.

    The version joins the article's cache generation and its last save time: ids can be reused
    (SQLite hands out a deleted last row's id again), save times are not.

    One small query: the article page asks it before anything else to find its cached copy.
    """
    site = PageCacheGeneration.objects.filter(pk=PageCacheGeneration.SITE).values("value")[:1]
    row = (Article.objects.published().filter(slug=slug)
           .annotate(site_generation=Subquery(site))
           .values_list("id", "cache_generation", "updated_at", "site_generation").first())
    if row is None:
        return None
    article_id, generation, updated_at, site_generation = row
    if site_generation is None:
        return article_id, None
    return article_id, f"{generation}.{updated_at.timestamp():.6f}.{site_generation}"


def article_list_cache_version() -> str | None:
    """Return the version of every cached list page, or None when lists must not be cached.

    One small query: the two generations and the publication time of the newest visible article.
    """
    lists = PageCacheGeneration.objects.filter(pk=PageCacheGeneration.LISTS).values("value")[:1]
    newest = Article.objects.published().order_by("-published_at").values("published_at")[:1]
    row = (PageCacheGeneration.objects.filter(pk=PageCacheGeneration.SITE)
           .annotate(lists=Subquery(lists), newest=Subquery(newest))
           .values_list("value", "lists", "newest").first())
    if row is None or row[1] is None:
        return None
    site_generation, list_generation, newest_at = row
    return f"{list_generation}.{site_generation}.{newest_at.timestamp() if newest_at else 0:.6f}"


def article_list_for_feed(*, section: Section | None = None, tag: Tag | None = None) -> QuerySet[Article]:
    """Return published articles for a feed, newest first, with their bylines and tags (feeds
    show no images: none of a page's image joins)."""
    articles = Article.objects.published()
    if section is not None:
        articles = articles.filter(section=section)
    if tag is not None:
        articles = articles.filter(tags=tag)
    return articles.prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                                     "tags")


def article_list_for_section(*, section: Section) -> QuerySet[Article]:
    """Return the section's published articles, newest first."""
    return article_list_published().filter(section=section)


def article_list_for_tag(*, tag: Tag) -> QuerySet[Article]:
    """Return the published articles tagged `tag`, newest first."""
    return article_list_published().filter(tags=tag)


def article_list_for_author(*, author: Author) -> QuerySet[Article]:
    """Return the published articles `author` is named on, newest first."""
    return article_list_published().filter(bylines__author=author)


def section_get(*, slug: str) -> Section:
    """Return the section `slug`, or raise Http404."""
    return get_object_or_404(Section, slug=slug)


def tag_get(*, slug: str) -> Tag:
    """Return the tag `slug`, or raise Http404."""
    return get_object_or_404(Tag, slug=slug)


def author_get(*, slug: str) -> Author:
    """Return the author `slug`, or raise Http404."""
    return get_object_or_404(Author, slug=slug)


def _with_display_relations(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.select_related("lead_image", "section").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        Prefetch("lead_image__renditions", queryset=Rendition.objects.order_by("width")),
    )
