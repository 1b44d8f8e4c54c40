"""Requests that carry a reader's identity, and keeping what is made for them theirs alone.

An identity is anything that can make a page differ from one reader to the next: the session
cookie (a signed-in reader), the messages cookie (notices meant for one reader), an
Authorization header, and the cookies and headers apps register here from their
AppConfig.ready() (the discussion's guest cookie and X-Guest-Key header). Core cannot import the
apps built on it, hence the registry.

Two things use it: the shared page cache (newsroom.cache) neither serves nor stores a page for
such a request, and PersonalResponseMiddleware marks every answer to one `Cache-Control:
private`, so that no shared proxy or CDN keeps it either.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import patch_cache_control

_cookies: set[str] = set()
# Request.META names: Django never reads Authorization itself, but whatever does answers one person.
_headers: set[str] = {"HTTP_AUTHORIZATION"}


def identity_cookie_register(name: str) -> None:
    """Count cookie `name` as an identity: a request carrying it is about one reader."""
    _cookies.add(name)


def identity_header_register(name: str) -> None:
    """Count request header `name` (as sent: "X-Guest-Key") as an identity."""
    _headers.add("HTTP_" + name.upper().replace("-", "_"))


def identity_cookie_names() -> set[str]:
    """Return the names of the cookies that identify a reader (session, messages, registered)."""
    return _identity_cookies()


def identity_header_names() -> set[str]:
    """Return the names of the request headers that identify a reader, as sent ("X-Guest-Key")."""
    return {name.removeprefix("HTTP_").replace("_", "-").title() for name in _headers}


def request_has_identity(request: HttpRequest) -> bool:
    """Return whether the request carries anything that makes what is made for it personal."""
    # An empty cookie is one the server has just deleted: it names nobody.
    if any(request.COOKIES.get(name) for name in _identity_cookies()):
        return True
    # A header counts even when empty or malformed: whatever reads it decides, not this check.
    if any(name in request.META for name in _headers):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def environ_has_identity(environ: dict) -> bool:
    """request_has_identity() for a WSGI environ, before Django has made a request of it."""
    if any(name in environ for name in _headers):
        return True
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    return any(cookies.get(name) for name in _identity_cookies())


def response_sets_identity(response: HttpResponse) -> bool:
    """Return whether the response hands the browser an identity cookie (a new guest key, a login)."""
    identity = _identity_cookies()
    return any(name in identity and morsel.value for name, morsel in response.cookies.items())


class PersonalResponseMiddleware:
    """Mark every answer to a request with an identity, or that sets one, `Cache-Control: private`.

    Place it above the session, messages and authentication middleware so that it sees the
    cookies they set on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request_has_identity(request) or response_sets_identity(response):
            patch_cache_control(response, private=True)
        return response


def _identity_cookies() -> set[str]:
    # Read at call time: tests and sites may rename the session cookie.
    return {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, *_cookies}
