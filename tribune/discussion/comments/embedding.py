"""The sites allowed to embed the discussion: DISCUSSION_EMBED_HOSTS, a list of origins.

One list answers three questions, so they cannot drift apart: whose pages may have threads by
address, which other sites' pages may write through the API (core.api_writes), and which may
read the API's answers in the browser (CORS, through corsheaders' check_request_enabled).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from tribune.core.origins import origin_normalize

from . import conf


def embed_origins() -> frozenset[str]:
    """Return the allowed origins as browsers write them. Raises ImproperlyConfigured for an
    entry that is not an origin."""
    origins = set()
    for value in conf.get("DISCUSSION_EMBED_HOSTS"):
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
