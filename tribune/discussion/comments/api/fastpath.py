"""Serve a thread's cached "all comments" answer before Django's request machinery.

Readers of a busy thread ask for the same bytes again and again. When this process already holds
the answer for the thread's current version (see api.render), it is sent from here: one indexed
query checks the version, and the middleware stack, URL routing and input parsing are skipped.
Anything else, a missing or stale answer included, goes to Django as usual, which builds and
keeps the answer for next time. So does a request from another site's page (it has an Origin):
whether that site may read the answer (CORS) is Django's to say.
"""

import re
from urllib.parse import parse_qs

from django.db import DatabaseError

from ..selectors import SORTS, thread_version
from .render import cached_comment_page

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
        body = self._cached(environ)
        if body is None:
            return self.application(environ, start_response)
        start_response("200 OK", [*_HEADERS, ("Content-Length", str(len(body)))])
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _cached(self, environ) -> bytes | None:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_ORIGIN" in environ:
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
        return cached_comment_page(thread_id=thread_id, created_at=created_at, version=version,
                                   sort=sort, page=None, page_size=None)
