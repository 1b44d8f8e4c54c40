"""Newsroom writes: articles, images and the page cache. Pages, the admin and commands call these."""

from .articles import (
    ArticleScheduleInvalidError,
    ArticleSlugTakenError,
    article_bylines_set,
    article_create,
    article_preview_link_renew,
    article_save,
)
from .cache import article_cache_invalidate, article_cache_invalidate_for_image, article_cache_invalidate_many
from .images import ImageInvalidError, ImageTooLargeError, image_create, image_file_check, image_save

__all__ = [
    "ArticleScheduleInvalidError", "ArticleSlugTakenError", "ImageInvalidError", "ImageTooLargeError",
    "article_bylines_set", "article_cache_invalidate", "article_cache_invalidate_for_image",
    "article_cache_invalidate_many",
    "article_create", "article_preview_link_renew", "article_save", "image_create",
    "image_file_check", "image_save",
]
