"""Error reports to Sentry (SENTRY_DSN), with nothing that identifies a reader.

sentry-sdk runs with the Django integration, without what it would add about people
(send_default_pii off), without request bodies (comments, names, addresses) and without the
local variables of stack frames (they hold whatever a function held: a guest's key, an email).
`event_scrub` then goes over every event before it leaves:

- the request keeps its method, its route's path with signed-link tokens replaced, and
  harmless headers; cookies, identity headers (X-Guest-Key, Authorization), forwarding headers
  (reader addresses), the CSRF header and the Referer go; query strings keep their names only;
- the user is dropped (an IP address at least);
- in every string left (messages, exception texts, breadcrumbs, tags): email addresses, IP
  addresses, and the values of the request's own identity headers and cookies are replaced.
"""

import ipaddress
import re

import sentry_sdk
from django.conf import settings
from django.urls import Resolver404, resolve
from sentry_sdk.integrations.django import DjangoIntegration

from tribune.core.personal import identity_header_names

FILTERED = "[Filtered]"
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# Candidates only: each is replaced when ipaddress reads it as an address (so "12:30:45" stays).
_IPV4_CANDIDATE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
_IPV6_CANDIDATE = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
# A path of the site inside a text (a log message's "Not Found: /path/").
_PATH = re.compile(r"(?<![\w/.])/[\w\-./~%:@+]+/")
_DROPPED_HEADERS = {"cookie", "authorization", "x-forwarded-for", "x-real-ip", "forwarded",
                    "cf-connecting-ip", "true-client-ip", "x-client-ip", "x-csrftoken", "referer"}
# URL parameters of signed links (subscription confirmations, data requests, previews, receipts).
_SECRET_URL_PARAMETERS = ("token", "key", "signature")


def sentry_start(*, transport=None) -> bool:
    """Start sending errors to Sentry when SENTRY_DSN is set; return whether it started.

    `transport` replaces the network (tests pass one that keeps what it is given).
    """
    if not settings.SENTRY_DSN:
        return False
    sentry_sdk.init(
        dsn=settings.SENTRY_DSN,
        environment=settings.SENTRY_ENVIRONMENT,
        integrations=[DjangoIntegration(transaction_style="url")],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=event_scrub,
        transport=transport,
    )
    return True


def event_scrub(event: dict, hint: dict | None = None) -> dict:
    """Return `event` with everything that could identify a reader removed or replaced."""
    request = event.get("request") or {}
    secrets = _request_secrets(request)
    if request:
        _request_scrub(request)
    event.pop("user", None)
    return _strings_scrub(event, secrets)


def _request_secrets(request: dict) -> list[str]:
    """Return the values of the request's identity headers and cookies, wherever they appear."""
    identity_headers = {name.lower() for name in identity_header_names()}
    values = [value for name, value in (request.get("headers") or {}).items()
              if name.lower() in identity_headers | {"cookie", "x-csrftoken"} and isinstance(value, str)]
    cookies = request.get("cookies")
    if isinstance(cookies, dict):
        values += [v for v in cookies.values() if isinstance(v, str)]
    # Long enough to be a key, not a word that happens to be a cookie's value too.
    return sorted({v for v in values if len(v) >= 8 and v != FILTERED}, key=len, reverse=True)


def _request_scrub(request: dict) -> None:
    identity = {name.lower() for name in identity_header_names()}
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {name: value for name, value in headers.items()
                              if name.lower() not in _DROPPED_HEADERS | identity}
    for key in ("cookies", "data", "env"):
        request.pop(key, None)
    query = request.get("query_string")
    if isinstance(query, str) and query:
        request["query_string"] = "&".join(
            f"{part.split('=', 1)[0]}={FILTERED}" for part in query.split("&") if part)
    elif isinstance(query, dict):
        request["query_string"] = dict.fromkeys(query, FILTERED)
    url = request.get("url")
    if isinstance(url, str):
        request["url"] = _url_scrub(url)


def _url_scrub(url: str) -> str:
    """Replace the signed-link tokens in `url`'s path; drop a query string and fragment."""
    url = url.split("?", 1)[0].split("#", 1)[0]
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/") if sep else ("", "/", url.lstrip("/"))
    path = _path_scrub("/" + path if slash else "/")
    return f"{scheme}{sep}{host}{path}" if sep else path


def _path_scrub(path: str) -> str:
    """Replace the signed-link tokens in a path of the site ("Bad Request: /…/confirm/<token>/")."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    for name, value in match.kwargs.items():
        if any(word in name for word in _SECRET_URL_PARAMETERS) and isinstance(value, str) and value:
            path = path.replace(value, FILTERED)
    return path


def _strings_scrub(value, secrets: list[str]):
    if isinstance(value, str):
        return _text_scrub(value, secrets)
    if isinstance(value, dict):
        return {key: _strings_scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_strings_scrub(item, secrets) for item in value]
    return value


def _text_scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, FILTERED)
    text = _EMAIL.sub(FILTERED, text)
    text = _PATH.sub(lambda match: _path_scrub(match.group(0)), text)
    text = _IPV4_CANDIDATE.sub(_ip_replace, text)
    return _IPV6_CANDIDATE.sub(_ip_replace, text)


def _ip_replace(match: re.Match) -> str:
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)
    return FILTERED
