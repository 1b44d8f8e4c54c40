"""The outermost middleware: the operational answers, and naming each request's route.

/healthz, /readyz and /metrics are answered here, above the host check (load balancers and
scrapers call a process by its address, not the site's name), the HTTPS redirect (they call
over plain HTTP, inside the network), sessions and the page cache.

Every other request leaves its route in the WSGI environ as `tribune.route`: the URL pattern's
name (`newsroom:article`), never the path, which may carry a reader's signed link. The metrics
(metrics.requests) and gunicorn's access log read it there. While it is answered, the values of
its identity headers and cookies are kept aside for Sentry's scrubbing (sentry.py).
"""

from django.conf import settings

from .sentry import request_secrets_forget, request_secrets_remember
from .views import healthz_view, metrics_view, readyz_view

ROUTE_KEY = "tribune.route"
_ANSWERS = {"/healthz": healthz_view, "/readyz": readyz_view, "/metrics": metrics_view}


class OperationsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        answer = _ANSWERS.get(request.path_info)
        if answer is not None:
            request.META[ROUTE_KEY] = request.path_info.strip("/")
            return answer(request)
        secrets = request_secrets_remember(request)
        try:
            response = self.get_response(request)
        finally:
            request_secrets_forget(secrets)
        request.META[ROUTE_KEY] = route_name(request)
        return response


def route_name(request) -> str:
    """Return the name of the URL pattern that answered `request`: "static" for static files,
    "unmatched" when no pattern matched."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match.route or "unnamed"
    if settings.STATIC_URL and request.path_info.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"
