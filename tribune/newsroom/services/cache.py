"""Invalidate cached article pages (see newsroom.cache for how the cache is keyed).

Other apps call article_cache_invalidate() when something shown on article pages changes: the
discussion app for a comment, the donations app for a campaign. The counters live in the
database, in the same transaction as the change, so every server process sees the new value on
its next request and a rolled-back change invalidates nothing. With HTTP_PURGE_URL set, the
cache in front is told too once the change commits (core.purge).
"""

from django.conf import settings
from django.db.models import F
from django.urls import reverse

from tribune.core.purge import purge_enqueue
from tribune.core.rows import counter_increment, counter_upsert

from ..models import Article, PageCacheGeneration


def article_cache_invalidate(*, article_id: int | None, lists: bool = True) -> None:
    """Make the cached pages of one article (or of every article, for None) stale.

    Call it inside the transaction that changes what the page shows. With `lists` False the
    lists (front, section, tag and author pages) stay cached: for a change that only the article
    page shows, such as a vote on a comment. An unknown id is ignored.
    """
    if article_id is None:
        _bump(PageCacheGeneration.SITE)
        purge_enqueue(keys=["site"], paths=["/"])
        return
    counter_increment(Article, pk=article_id, field="cache_generation")
    if lists:
        # Lists show headlines, bylines, images and comment counts.
        _bump(PageCacheGeneration.LISTS)
    if settings.HTTP_PURGE_URL:
        _purge(article_ids=[article_id], lists=lists)


def article_cache_invalidate_many(*, article_ids, lists: bool = True) -> None:
    """article_cache_invalidate() for several articles, in one statement."""
    Article.objects.filter(pk__in=article_ids).update(cache_generation=F("cache_generation") + 1)
    if lists:
        _bump(PageCacheGeneration.LISTS)
    if settings.HTTP_PURGE_URL:
        _purge(article_ids=article_ids, lists=lists)


def article_cache_invalidate_for_image(*, image_id: int) -> None:
    """Make stale the cached pages of every article whose lead image is `image_id`."""
    article_cache_invalidate_many(article_ids=Article.objects.filter(lead_image_id=image_id).values("pk"))


def _purge(*, article_ids, lists: bool) -> None:
    articles = list(Article.objects.filter(pk__in=article_ids).values_list("pk", "slug"))
    keys = [f"article-{pk}" for pk, _slug in articles] + (["articles"] if lists else [])
    paths = [reverse("newsroom:article", kwargs={"slug": slug}) for _pk, slug in articles]
    purge_enqueue(keys=keys, paths=paths + (["/"] if lists else []))


def _bump(row: int) -> None:
    # One statement whose count is not read: it joins a pipelined transaction's last round trip.
    counter_upsert(PageCacheGeneration, pk=row, field="value")
