"""Newsroom settings and their defaults; read at call time so that override_settings works."""

from django.conf import settings

DEFAULTS = {
    # Largest upload accepted as an image, in bytes.
    "NEWSROOM_IMAGE_MAX_BYTES": 20 * 1024 * 1024,
    # Largest image accepted, in pixels (width × height); bigger ones are refused, not resized.
    "NEWSROOM_IMAGE_MAX_PIXELS": 40_000_000,
    # Widths, in pixels, of the renditions made for each image (never wider than the original).
    "NEWSROOM_IMAGE_WIDTHS": (480, 800, 1200, 1600),
    # Seconds a rendered article page stays in the cache when nothing invalidates it earlier.
    "NEWSROOM_PAGE_CACHE_SECONDS": 600,
    # The cache alias (settings.CACHES) that holds rendered article pages.
    "NEWSROOM_PAGE_CACHE_ALIAS": "default",
    # Articles per page on the front, section, tag, author and search pages.
    "NEWSROOM_ARTICLES_PER_PAGE": 20,
    # Articles listed in each RSS and Atom feed.
    "NEWSROOM_FEED_ITEMS": 30,
    # Search results beyond this many are not ranked or shown.
    "NEWSROOM_SEARCH_LIMIT": 500,
}


def get(name: str):
    """Return the newsroom setting `name`, or its default."""
    return getattr(settings, name, DEFAULTS[name])
