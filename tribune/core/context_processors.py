"""Values every page template needs."""

from django.conf import settings
from django.utils import translation


def site(request):
    """Expose the site's name, and the page's language and writing direction, to templates."""
    return {
        "site_name": settings.SITE_NAME,
        "site_language": translation.get_language() or settings.LANGUAGE_CODE,
        "site_direction": "rtl" if translation.get_language_bidi() else "ltr",
    }
