"""Error reports to Sentry (SENTRY_DSN), with nothing that identifies a reader.

sentry-sdk runs with the Django integration, without what it would add about people (its
send_default_pii off, in the finer words of its data_collection option): no user, no cookies, no
request bodies (comments, names, addresses), no query strings and no local variables of stack
frames (they hold whatever a function held: a guest's key, an email).
`event_scrub` then goes over every event before it leaves:

- the request keeps its method, its route's path with signed-link tokens replaced, and
  harmless headers; cookies, identity headers (X-Guest-Key, Authorization), forwarding headers
  (reader addresses), the CSRF header and the Referer go; query strings keep their names only;
- the user is dropped (an IP address at least);
- in every string left (messages, exception texts, breadcrumbs, tags): email addresses, IP
  addresses, and the values of the request's own identity headers and cookies are replaced.
  Those values (a guest's key, a session's) are random, so nothing could find them in a text:
  OperationsMiddleware remembers them for the request (`request_secrets_remember`).
"""

from contextvars import ContextVar

import sentry_sdk
from django.conf import settings
from sentry_sdk.integrations.django import DjangoIntegration

from tribune.core.personal import identity_header_names

from .scrub import FILTERED, text_scrub, url_scrub

# Values shorter than this are words that could be anywhere, not keys (ours are 32 characters).
_SECRET_MINIMUM = 8
# The identity values of the request being answered (request_secrets_remember).
_secrets: ContextVar[tuple[str, ...]] = ContextVar("tribune_request_secrets", default=())
_DROPPED_HEADERS = {"cookie", "authorization", "x-forwarded-for", "x-real-ip", "forwarded",
                    "cf-connecting-ip", "true-client-ip", "x-client-ip", "x-csrftoken", "referer"}


# What the integrations may collect at all: sentry-sdk's data_collection, which replaces its
# send_default_pii switch (off here too: no user) and goes further.
DATA_COLLECTION = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "denylist", "terms": [
        "forwarded", "-ip", "remote-", "via", "-user", "guest", "cookie", "referer", "csrf"]}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "stack_frame_variables": False,
    "database_query_data": False,
    "queues": False,
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
}


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
        data_collection=DATA_COLLECTION,
        before_send=event_scrub,
        transport=transport,
    )
    return True


def request_secrets_remember(request) -> object | None:
    """Remember the values of `request`'s identity headers and cookies while it is answered;
    return the token that `request_secrets_forget` takes (None when Sentry is off)."""
    if not settings.SENTRY_DSN:
        return None
    values = [request.headers.get(name, "") for name in identity_header_names()]
    for value in request.COOKIES.values():
        # A signed cookie is "value:signature"; the value alone may show up elsewhere.
        values += [value, *value.split(":")]
    return _secrets.set(tuple(v for v in values if len(v) >= _SECRET_MINIMUM))


def request_secrets_forget(token) -> None:
    if token is not None:
        _secrets.reset(token)


def event_scrub(event: dict, hint: dict | None = None) -> dict:
    """Return `event` with everything that could identify a reader removed or replaced."""
    request = event.get("request") or {}
    secrets = sorted({*_request_secrets(request), *_secrets.get()}, key=len, reverse=True)
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
    return [v for v in values if len(v) >= _SECRET_MINIMUM and v != FILTERED]


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
        request["url"] = url_scrub(url)


def _strings_scrub(value, secrets: list[str]):
    if isinstance(value, str):
        return text_scrub(value, secrets=secrets)
    if isinstance(value, dict):
        return {key: _strings_scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_strings_scrub(item, secrets) for item in value]
    return value
