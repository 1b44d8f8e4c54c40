"""What search engines and social sites read from an article page: canonical URL, OpenGraph,
Twitter card and schema.org NewsArticle JSON-LD."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from .models import Article

# As in Django's json_script: these cannot end the <script> element or open a comment.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class ArticleMeta:
    canonical_url: str
    description: str
    image_url: str
    image_width: int
    image_height: int
    image_alt: str
    author_names: list[str]
    json_ld: SafeString


def article_meta(*, request: HttpRequest, article: Article) -> ArticleMeta:
    """Return the article's metadata for the page head, with absolute URLs."""
    canonical = article.canonical_url or request.build_absolute_uri(article.get_absolute_url())
    image = article.lead_image
    image_url = request.build_absolute_uri(image.original.url) if image else ""
    authors = [byline.author for byline in article.bylines.all()]
    # Without a standfirst, the opening words of the body describe the article in search results.
    description = article.standfirst.strip() or strip_tags(article.body_html).strip()
    description = Truncator(" ".join(description.split())).chars(300)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "mainEntityOfPage": canonical,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": (article.revised_at or article.published_at).isoformat()
        if article.published_at else None,
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME,
                      "url": request.build_absolute_uri("/")},
    }
    if description:
        data["description"] = description
    if image:
        data["image"] = [image_url]
    if authors:
        data["author"] = [
            {"@type": "Person", "name": a.name, "url": request.build_absolute_uri(a.get_absolute_url())}
            for a in authors
        ]
    elif article.source:
        data["author"] = [{"@type": "Organization", "name": article.source}]
    if article.section:
        data["articleSection"] = article.section.name
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    json_ld = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
    return ArticleMeta(
        canonical_url=canonical,
        description=description,
        image_url=image_url,
        image_width=image.width if image else 0,
        image_height=image.height if image else 0,
        image_alt=image.alt_text if image else "",
        author_names=[a.name for a in authors],
        json_ld=mark_safe(json_ld.translate(_JSON_ESCAPES)),  # noqa: S308 - escaped just above
    )
