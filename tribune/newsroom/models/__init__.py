"""Newsroom models, one module per concept; import them from here."""

from .articles import Article, ArticleQuerySet
from .images import Image
from .sections import Section

__all__ = ["Article", "ArticleQuerySet", "Image", "Section"]
