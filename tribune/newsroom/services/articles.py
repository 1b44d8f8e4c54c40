from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError

from ..models import Article, Author, Byline, Image, Section, Tag
from ..models.articles import _preview_token
from ..paragraphs import article_body_render
from ..signals import article_body_changed
from .cache import article_cache_invalidate


class ArticleSlugTakenError(DomainError):
    code = "article_slug_taken"


class ArticleScheduleInvalidError(DomainError):
    code = "article_schedule_invalid"


def article_create(
    *,
    headline: str,
    body: str,
    slug: str = "",
    standfirst: str = "",
    source: str = "",
    section: Section | None = None,
    lead_image: Image | None = None,
    authors: Sequence[Author] = (),
    tags: Sequence[Tag] = (),
    canonical_url: str = "",
    publish_at: datetime | None = None,
    status: str = Article.Status.DRAFT,
) -> Article:
    """Create an article, rendering its body; publish it now or at `publish_at` when asked.

    Raises ArticleSlugTakenError when another article has the slug, ArticleScheduleInvalidError
    when a scheduled article has no publication time, and ValidationError for bad fields.
    """
    slug = slug or slugify(headline)[:200]
    if Article.objects.filter(slug=slug).exists():
        raise ArticleSlugTakenError(
            _("Another article already uses the address “%(slug)s”.") % {"slug": slug}
        )
    article = Article(
        headline=headline.strip(),
        slug=slug,
        standfirst=standfirst,
        body=body,
        source=source,
        section=section,
        lead_image=lead_image,
        canonical_url=canonical_url,
        status=status,
        published_at=publish_at or (timezone.now() if status == Article.Status.PUBLISHED else None),
    )
    with transaction.atomic():
        article_save(article=article)
        article_bylines_set(article=article, authors=authors)
        article.tags.set(tags)
    return article


@transaction.atomic
def article_save(*, article: Article) -> Article:
    """Validate and store `article`, re-rendering the sanitized body from its Markdown.

    Marks the article updated when readers could already see it and its text changed, and
    makes its cached pages stale. Raises ArticleScheduleInvalidError or ValidationError.
    """
    if article.status == Article.Status.SCHEDULED and article.published_at is None:
        raise ArticleScheduleInvalidError(_("A scheduled article needs a publication time."))
    previous_html = article.body_html
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    article.body_html = article_body_render(article.body)
    if article.pk is not None:
        before = Article.objects.filter(pk=article.pk).values("headline", "standfirst", "body").first()
        text_changed = before is not None and before != {
            "headline": article.headline, "standfirst": article.standfirst, "body": article.body,
        }
        was_visible = Article.objects.published().filter(pk=article.pk).exists()
        if text_changed and was_visible:
            article.revised_at = timezone.now()
    article.full_clean(exclude=["lead_image", "section", "preview_token"])
    article.save()
    if article.body_html != previous_html:
        transaction.on_commit(lambda: article_body_changed.send(sender=Article, article=article))
    article_cache_invalidate(article_id=article.pk)
    return article


@transaction.atomic
def article_bylines_set(*, article: Article, authors: Sequence[Author]) -> None:
    """Make `authors`, in this order, the article's byline."""
    Byline.objects.filter(article=article).delete()
    Byline.objects.bulk_create(
        [Byline(article=article, author=author, position=position) for position, author in enumerate(authors)]
    )
    article_cache_invalidate(article_id=article.pk)


@transaction.atomic
def article_preview_link_renew(*, article: Article) -> Article:
    """Give the article a new private preview link; the old one stops working."""
    article.preview_token = _preview_token()
    Article.objects.filter(pk=article.pk).update(preview_token=article.preview_token)
    return article
