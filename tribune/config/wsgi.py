"""WSGI entry point for `tribune serve` and any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tribune.config.settings.base")
application = get_wsgi_application()

from tribune.discussion.comments.api.fastpath import CachedAnswers  # noqa: E402 (needs Django set up)
from tribune.operations.metrics.requests import RequestMetrics  # noqa: E402 (needs Django set up)

application = CachedAnswers(application)
# Outermost: it counts and times the answers CachedAnswers sends without Django too.
application = RequestMetrics(application)
