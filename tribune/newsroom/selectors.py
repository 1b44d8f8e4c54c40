"""Newsroom reads."""

from django.shortcuts import get_object_or_404

from .models import Article


def article_list_published():
    """Return published articles, newest first, with what a list of them shows."""
    return Article.objects.published().select_related("lead_image", "section")


def article_get_published(*, slug: str) -> Article:
    """Return the published article with `slug`, or raise Http404."""
    return get_object_or_404(article_list_published(), slug=slug)
