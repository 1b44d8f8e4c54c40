"""Newsroom models, one module per concept; import them from here."""

from .articles import Article, ArticleQuerySet, Byline
from .cache import PageCacheGeneration
from .images import Image, Rendition
from .people import Author
from .sections import Section
from .tags import Tag

__all__ = ["Article", "ArticleQuerySet", "Author", "Byline", "Image", "PageCacheGeneration",
           "Rendition", "Section", "Tag"]
