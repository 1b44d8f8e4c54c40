from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tribune.core.errors import DomainError
from tribune.core.text import ARTICLE, render_markdown

from ..models import Article, Image, Section
from ..signals import article_body_changed


class ArticleSlugTakenError(DomainError):
    code = "article_slug_taken"


def article_create(
    *,
    headline: str,
    body: str,
    slug: str = "",
    standfirst: str = "",
    source: str = "",
    section: Section | None = None,
    lead_image: Image | None = None,
    publish_at=None,
    status: str = Article.Status.DRAFT,
) -> Article:
    """Create an article, rendering its body; publish it now or at `publish_at` when asked.

    Raises ArticleSlugTakenError when another article has the slug.
    """
    slug = slug or slugify(headline)[:200]
    if Article.objects.filter(slug=slug).exists():
        raise ArticleSlugTakenError(f"Another article already uses the address “{slug}”.")
    article = Article(
        headline=headline.strip(),
        slug=slug,
        standfirst=standfirst,
        body=body,
        source=source,
        section=section,
        lead_image=lead_image,
        status=status,
        published_at=publish_at or (timezone.now() if status == Article.Status.PUBLISHED else None),
    )
    return article_save(article=article)


@transaction.atomic
def article_save(*, article: Article) -> Article:
    """Validate and store `article`, re-rendering the sanitized body from its Markdown."""
    previous_html = article.body_html
    article.body_html = render_markdown(article.body, profile=ARTICLE)
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    article.full_clean(exclude=["lead_image", "section"])
    article.save()
    if article.body_html != previous_html:
        transaction.on_commit(lambda: article_body_changed.send(sender=Article, article=article))
    return article
