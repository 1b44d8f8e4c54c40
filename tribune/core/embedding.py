"""The other sites allowed to embed this one's widgets: DISCUSSION_EMBED_HOSTS, a list of origins.

One list answers every question about another site's pages, so the answers cannot drift apart:
which pages may have discussion threads by address, which may write through the API
(core.api_writes), and which may read the API's answers in the browser (CORS): the comments and
the donations' goal meter alike. The setting keeps the name it was born with, in the discussion.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .origins import origin_normalize


def embed_origins() -> frozenset[str]:
    """Return the allowed origins as browsers write them. Raises ImproperlyConfigured for an
    entry that is not an origin."""
    origins = set()
    # Core has no settings module of its own; an unset list allows no other site.
    for value in getattr(settings, "DISCUSSION_EMBED_HOSTS", ()):
        try:
            origins.add(origin_normalize(value))
        except ValueError:
            raise ImproperlyConfigured(
                f"DISCUSSION_EMBED_HOSTS: {value!r} is not an origin; write the scheme and host, "
                "like https://blog.example.org"
            ) from None
    return frozenset(origins)


def embed_origin_allowed(origin: str) -> bool:
    """Return whether `origin` (a request's Origin header) is an allowed embedding site."""
    try:
        return origin_normalize(origin) in embed_origins()
    except ValueError:
        return False


def embed_page_allowed(url: str) -> bool:
    """Return whether the page at `url` (an http(s) address) is on an allowed embedding site."""
    parts = urlsplit(url)
    return embed_origin_allowed(f"{parts.scheme}://{parts.netloc}")
