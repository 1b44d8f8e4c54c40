"""Answers for the site as a whole rather than for one app."""

import logging
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

ICON = Path(__file__).resolve().parent / "static" / "core" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=86_400)
def favicon_view(request):
    """Answer /favicon.ico: browsers, feed readers and the admin's pages ask for it whatever a
    page links (ours link the SVG icon beside it)."""
    return HttpResponse(ICON.read_bytes(), content_type="image/vnd.microsoft.icon")


def bad_request_view(request, exception=None):
    """Answer a request the site cannot take (400) with the site's own page."""
    return _error_page(request, "400.html", 400)


def server_error_view(request):
    """Answer a failure (500) with the site's own page: its header, language and ways on."""
    return _error_page(request, "500.html", 500)


def _error_page(request, template: str, status: int) -> HttpResponse:
    # Django's own handlers for 400 and 500 render without the request, so a page would lose the
    # site's name and the reader's language. If the page itself cannot be made (the database is
    # what failed, and the header asks who is signed in), a bare page needing nothing answers.
    try:
        return render(request, template, status=status)
    except Exception:
        logger.exception("The %s page could not be rendered", status)
        title = escape(gettext("Something went wrong") if status == 500 else gettext("Bad request"))
        body = (f'<!doctype html><html lang="{escape(settings.LANGUAGE_CODE)}"><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{title} – {escape(settings.SITE_NAME)}</title>"
                f'<h1>{title}</h1><p><a href="/">{escape(settings.SITE_NAME)}</a></p></html>')
        return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
