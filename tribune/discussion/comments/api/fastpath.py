"""Serve a thread's cached "all comments" answer before Django's request machinery.

Readers of a busy thread ask for the same bytes again and again. When this process already holds
the answer for the thread's current version (see api.render), it is sent from here: one indexed
query checks the version, and the middleware stack, URL routing and input parsing are skipped.
Anything else, a missing or stale answer included, goes to Django as usual, which builds and
keeps the answer for next time. So does a request from another site's page (it has an Origin):
whether that site may read the answer (CORS) is Django's to say; and one that carries a reader's
identity, whose answer Django marks private (core.personal).

The answer carries what Django's would for caches (core.httpcache): its ETag, Last-Modified,
surrogate keys and Cache-Control, and a request whose If-None-Match names the ETag gets 304.
"""

import re
from urllib.parse import parse_qs

from django.db import DatabaseError
from django.utils.http import http_date

from tribune.core.httpcache import http_cache_seconds
from tribune.core.personal import environ_has_identity

from ..selectors import SORTS, thread_version
from ..services.purges import thread_cache_key
from .render import Answer, cached_comment_page

_PATH = re.compile(r"^/api/v1/threads/(\d{1,18})/comments/all$")
# What SecurityMiddleware and friends would add to a JSON answer.
_HEADERS = [
    ("Content-Type", "application/json; charset=utf-8"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    # The answer differs for another site's page (CORS headers), as corsheaders says on the API.
    ("Vary", "origin"),
]


class CachedAnswers:
    """WSGI middleware: answer GET /api/v1/threads/<id>/comments/all from the cache when it can."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        found = self._cached(environ)
        if found is None:
            return self.application(environ, start_response)
        thread_id, answer = found
        seconds = http_cache_seconds()
        headers = [*_HEADERS, ("ETag", answer.etag), ("Last-Modified", http_date(answer.made_at)),
                   ("Cache-Control", f"public, max-age=0, s-maxage={seconds}" if seconds > 0 else "no-cache"),
                   ("Surrogate-Key", thread_cache_key(thread_id)), ("Cache-Tag", thread_cache_key(thread_id))]
        if answer.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            start_response("304 Not Modified", headers)
            return [b""]
        start_response("200 OK", [*headers, ("Content-Length", str(len(answer.body)))])
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [answer.body]

    def _cached(self, environ) -> tuple[int, Answer] | None:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_ORIGIN" in environ:
            return None
        if environ_has_identity(environ):
            return None
        match = _PATH.match(environ.get("PATH_INFO", ""))
        if match is None:
            return None
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if set(query) - {"sort"} or len(query.get("sort", [])) > 1:
            return None
        sort = query.get("sort", ["oldest"])[0]
        if sort not in SORTS:
            return None
        thread_id = int(match.group(1))
        try:
            current = thread_version(thread_id=thread_id)
        except DatabaseError:
            # Let Django answer, and deal with the connection as it does.
            return None
        if current is None:
            return None
        created_at, version = current
        answer = cached_comment_page(thread_id=thread_id, created_at=created_at, version=version,
                                     sort=sort, page=None, page_size=None)
        return None if answer is None else (thread_id, answer)
