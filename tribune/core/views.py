"""Answers for the site as a whole rather than for one app."""

from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = Path(__file__).resolve().parent / "static" / "core" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=86_400)
def favicon_view(request):
    """Answer /favicon.ico: browsers, feed readers and the admin's pages ask for it whatever a
    page links (ours link the SVG icon beside it)."""
    return HttpResponse(ICON.read_bytes(), content_type="image/vnd.microsoft.icon")
