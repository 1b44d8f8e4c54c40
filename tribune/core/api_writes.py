"""Which requests may write through the JSON API: JSON bodies, and no other site's pages.

A browser sends a form from any site to any address, with the visitor's own connection: without
these rules a page elsewhere could post comments from each of its visitors' addresses, getting
round per-address limits and bans. So every write (POST, PUT, PATCH, DELETE) under the API:

- carries its body as `application/json` (415 otherwise). A form cannot send that type, and a
  script on another site cannot send it without first asking, in a preflight, whether it may.
- comes from this site's own pages or from a host allowed to embed the discussion. Browsers say
  where a request comes from (`Origin`, `Sec-Fetch-Site`); a request that names another site is
  refused (403). One that names none (curl, a server of the operator's) is no visitor's browser,
  and goes through.

The rules run before the operation parses its input, for every operation of the API; the
embed hosts come from whoever installs them, so core reads no app's settings.
"""

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from .errors import DomainError

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = "application/json"


class UnsupportedMediaTypeError(DomainError):
    code = "unsupported_media_type"
    status = 415


class CrossSiteRefusedError(DomainError):
    code = "cross_site_refused"
    status = 403


def install_write_rules(api: NinjaAPI, *, origin_allowed: Callable[[str], bool]) -> None:
    """Check every write of `api` before its input is parsed. `origin_allowed(origin)` says
    whether another site's origin ("https://blog.example.org") may write."""

    def decorate(run):
        @functools.wraps(run)
        def checked(request, *args, **kwargs):
            try:
                api_write_check(request, origin_allowed=origin_allowed)
            except DomainError as exc:
                return api.on_exception(request, exc)
            return run(request, *args, **kwargs)

        return checked

    # "view": around the whole operation, before ninja reads the body.
    api.add_decorator(decorate, mode="view")


def api_write_check(request, *, origin_allowed: Callable[[str], bool]) -> None:
    """Raise CrossSiteRefusedError or UnsupportedMediaTypeError unless `request` may write.
    Reads (GET, HEAD, OPTIONS) always may."""
    if request.method not in WRITE_METHODS:
        return
    if not _from_allowed_page(request, origin_allowed):
        raise CrossSiteRefusedError(
            _("Another site's page may not write here. Embed the discussion from a host the site "
              "allows.")
        )
    # A DELETE needs no body; a body it does carry is held to the same rule.
    if (request.method != "DELETE" or _has_body(request)) and request.content_type != JSON:
        raise UnsupportedMediaTypeError(
            _("Send the body as JSON, with the header Content-Type: application/json.")
        )


def request_from_own_page(request) -> bool:
    """Return whether the browser says `request` comes from one of this site's own pages: not
    from another site's, and not from a client outside a browser (which names no page)."""
    if request.headers.get("Sec-Fetch-Site", "").lower() == "same-origin":
        return True
    origin = request.headers.get("Origin")
    return origin is not None and origin in _own_origins(request)


def _from_allowed_page(request, origin_allowed: Callable[[str], bool]) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site", "").lower()
    # The browser itself says the request comes from this site's own page (it cannot be set by
    # the page); behind a proxy that hides the scheme, the Origin may not look like our own.
    if fetch_site == "same-origin":
        return True
    origin = request.headers.get("Origin")
    if origin is not None:
        # "null" (a sandboxed frame, a file) is nobody's to allow.
        return origin != "null" and (origin in _own_origins(request) or origin_allowed(origin))
    # No Origin: a browser that sends Sec-Fetch-Site but no Origin is on another site's page
    # ("cross-site", or "same-site": a neighbouring subdomain, not an allowed host).
    return fetch_site not in ("cross-site", "same-site")


def _own_origins(request) -> set[str]:
    parts = urlsplit(settings.SITE_URL)
    return {f"{request.scheme}://{request.get_host()}", f"{parts.scheme}://{parts.netloc}"}


def _has_body(request) -> bool:
    length = request.META.get("CONTENT_LENGTH") or "0"
    return (length.isascii() and length.isdigit() and int(length) > 0) or \
        "chunked" in request.headers.get("Transfer-Encoding", "").lower()
