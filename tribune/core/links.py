"""Links that leave the site in emails, on the site's configured public address."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """Return `path` on the site's public address (SITE_URL): what links in emails point to,
    whatever host a request that caused the email came in on."""
    return f"{settings.SITE_URL}{path}"
