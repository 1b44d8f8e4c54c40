"""HTTP caching a CDN or a caching proxy can use: who may keep an answer, for how long, and
under which surrogate keys a change finds it again.

A view that answers the same to every reader (an article page, a list, an API read) names its
surrogate keys with http_cache_share(): `thread-<id>`, `article-<id>`, `articles` (the lists),
and `site` on all of them.
Every such answer carries them in `Surrogate-Key` (space-separated: Fastly, Varnish xkey) and
`Cache-Tag` (comma-separated: Cloudflare, Akamai). SharedCacheMiddleware then decides, on the
way out:

- A request that carries an identity (core.personal), or an answer that sets a cookie or is not
  a success, gets no shared-cache header at all: PersonalResponseMiddleware marks it private.
- Otherwise, with HTTP_CACHE_SECONDS above 0, `Cache-Control: public, max-age=0, s-maxage=N`:
  a shared cache keeps it N seconds (or until a purge, core.purge), a browser asks again each
  time and gets 304 when nothing changed. With 0 (the default) `no-cache`: every cache asks.

ConditionalGetMiddleware, above it, adds an ETag (a hash of the body, unless the view set one)
and answers If-None-Match and If-Modified-Since with 304. Last-Modified is the time the copy was
made, which only moves forward for a given page.

Pages that hold forms are shared without any reader's CSRF token (newsroom.cache leaves a mark
in its place and sets no CSRF cookie); csrf.js fetches the reader's own token from /csrf-token
before a form is sent.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .personal import request_has_identity

_SAFE = ("GET", "HEAD")


def http_cache_seconds() -> int:
    """Return how long a shared cache may keep an anonymous answer (0: not at all)."""
    return getattr(settings, "HTTP_CACHE_SECONDS", 0)


def http_cache_share(response: HttpResponse, *, keys: list[str],
                     made_at: float | None = None) -> HttpResponse:
    """Mark `response` the same for every reader, under surrogate `keys`, made at `made_at`
    (a Unix time, for Last-Modified). SharedCacheMiddleware decides whether it is shared."""
    # "site": every shared answer, for a change that shows everywhere (the site generation).
    unique = list(dict.fromkeys([*keys, "site"]))
    response["Surrogate-Key"] = " ".join(unique)
    response["Cache-Tag"] = ",".join(unique)
    if made_at is not None:
        response["Last-Modified"] = http_date(made_at)
    return response


def request_shares_pages(request: HttpRequest) -> bool:
    """Return whether pages for this request go to shared caches, so carry no CSRF token."""
    return http_cache_seconds() > 0 and request.method in _SAFE and not request_has_identity(request)


class SharedCacheMiddleware:
    """Give the answers views marked with http_cache_share() their Cache-Control, or keep them
    out of shared caches when they are about one reader."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The keys mark it (an API view sets them on ninja's response, whose headers are copied).
        if not response.has_header("Surrogate-Key"):
            return response
        personal = (request.method not in _SAFE or request_has_identity(request)
                    or response.status_code != 200 or bool(response.cookies))
        if personal:
            # Keys name no reader, but a shared cache must not keep the answer itself.
            patch_cache_control(response, private=True)
            return response
        seconds = http_cache_seconds()
        if seconds > 0:
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        else:
            patch_cache_control(response, no_cache=True)
        return response


@require_safe
@never_cache
def csrf_token_view(request):
    """Return this reader's CSRF token (and set its cookie) for a page that came from a shared cache."""
    return JsonResponse({"token": get_token(request)})
