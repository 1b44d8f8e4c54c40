"""/healthz, /readyz and /metrics: answered by OperationsMiddleware before the rest of the site.

None is cached (`Cache-Control: no-store`) or rate limited: a load balancer asks every few
seconds from one address, and each answer must be about now.
"""

import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import NOT_CHECKED, OK, READINESS_CHECKS, readiness
from .metrics.exposition import metrics_render


@never_cache
@require_safe
def healthz_view(request):
    """Say the process is up."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz_view(request):
    """Check what serving the site needs (all checks, or those named in ?checks=a,b); answer 200
    when every one passes, else 503, naming the failing ones."""
    if "checks" in request.GET:
        names = [name.strip() for name in request.GET["checks"].split(",") if name.strip()]
    else:
        names = list(READINESS_CHECKS)
    unknown = [name for name in names if name not in READINESS_CHECKS]
    if unknown or not names:
        return JsonResponse({"status": "error", "error": "unknown check",
                             "known_checks": list(READINESS_CHECKS)}, status=400)
    answers = readiness(checks=list(dict.fromkeys(names)))
    failing = [name for name, answer in answers.items() if answer not in (OK, NOT_CHECKED)]
    response = JsonResponse({"status": "failing" if failing else "ok", "checks": answers,
                             "failing": failing}, status=503 if failing else 200)
    # A probe answered 503 every few seconds is not a server error to log (and send to Sentry)
    # each time: Django's request logger skips a response marked as already logged.
    response._has_been_logged = True
    return response


@never_cache
@require_safe
def metrics_view(request):
    """Serve the metrics to a scraper sending `Authorization: Bearer <METRICS_TOKEN>`; without a
    token configured there is nothing here (the metrics may have their own bind instead)."""
    token = settings.METRICS_TOKEN
    if not token:
        return HttpResponse(status=404)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        response = HttpResponse("A metrics token is needed.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = metrics_render()
    return HttpResponse(body, content_type=content_type)
