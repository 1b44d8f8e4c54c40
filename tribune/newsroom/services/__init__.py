"""Newsroom writes: articles and images. Pages, the admin and commands all call these."""

from .articles import article_create, article_save
from .images import image_create

__all__ = ["article_create", "article_save", "image_create"]
