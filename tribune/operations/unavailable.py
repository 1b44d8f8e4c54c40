"""What a reader is told when the database cannot be reached: 503 and "try again", not a 500.

A database restart (an upgrade, a failover) ends every connection the server holds; the
requests that meet it fail with a connection error until PostgreSQL is back, and each server
process reconnects by itself on its next request. Those requests are answered 503 with
`Retry-After`: a page for readers, the API's error shape for the widget and scripts (which may
try again), so that no client takes a passing outage for a bug. Any other error stays a 500.

The page is rendered without the site's base template, whose context would read the database.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tribune.core.api import error_body
from tribune.core.views import server_error_view as site_error_view

# Seconds a client is asked to wait before trying again: about what a restart takes.
RETRY_AFTER = 5


def server_error_view(request, *args, **kwargs):
    """Answer an unhandled error: 503 when the database could not be reached, else the site's
    own 500 page."""
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return site_error_view(request)
    message = _("The site cannot answer for a moment. Please try again in a few seconds.")
    if request.path_info.startswith("/api/"):
        response = JsonResponse(error_body("service_unavailable", message), status=503)
    else:
        # Without the request: no context processor runs, and none reads the database.
        response = HttpResponse(render_to_string("operations/unavailable.html", {"message": message}),
                                status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response

