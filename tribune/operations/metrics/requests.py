"""Count and time every request the site answers, around the whole WSGI application.

Around it, not in a middleware: some answers (a thread's cached comments, api.fastpath) are
sent before Django's middleware runs. The route is the one OperationsMiddleware named in the
environ, or, for an answer sent before Django, the one the path resolves to; never the path.
"""

import time

from django.conf import settings
from django.urls import Resolver404, resolve

from ..middleware import ROUTE_KEY
from .registry import HTTP_LATENCY, HTTP_REQUESTS, METHODS


class RequestMetrics:
    """WSGI middleware: count each request by route, method and status, and time it."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not (settings.METRICS_BIND or settings.METRICS_TOKEN):
            return self.application(environ, start_response)
        started = time.perf_counter()
        status = []

        def start(status_line, headers, exc_info=None):
            status.append(status_line)
            return start_response(status_line, headers, exc_info) if exc_info else \
                start_response(status_line, headers)

        try:
            return self.application(environ, start)
        finally:
            elapsed = time.perf_counter() - started
            route = environ.get(ROUTE_KEY) or _route_for(environ.get("PATH_INFO", ""))
            method = environ.get("REQUEST_METHOD", "")
            method = method if method in METHODS else "other"
            code = status[-1].split(" ", 1)[0] if status else "500"
            HTTP_REQUESTS.labels(route, method, code).inc()
            HTTP_LATENCY.labels(route, method).observe(elapsed)


def _route_for(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return "unmatched"
    return match.view_name or match.route or "unnamed"
