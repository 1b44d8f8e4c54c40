"""Values every page template needs."""

from django.conf import settings


def site(request):
    """Expose the site's name and language, and whether its pages go to shared caches, to templates."""
    return {"site_name": settings.SITE_NAME, "site_language": settings.LANGUAGE_CODE,
            "shared_pages": getattr(settings, "HTTP_CACHE_SECONDS", 0) > 0}
