"""Values every page template needs."""

from django.conf import settings
from django.utils import translation


def site(request):
    """Expose the site's name, the page's language and writing direction, and whether its pages
    go to shared caches, to templates."""
    return {
        "site_name": settings.SITE_NAME,
        "site_language": translation.get_language() or settings.LANGUAGE_CODE,
        "site_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "shared_pages": getattr(settings, "HTTP_CACHE_SECONDS", 0) > 0,
    }
