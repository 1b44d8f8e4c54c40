"""Values every page template needs."""

from django.conf import settings


def site(request):
    """Expose the site's name and language to templates."""
    return {"site_name": settings.SITE_NAME, "site_language": settings.LANGUAGE_CODE}
