from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from tribune.core.api import api_not_found_view
from tribune.core.httpcache import csrf_token_view
from tribune.core.views import favicon_view

from .api import api

# 404 and 403 pages are Django's, rendered from the site's templates; 400 and 500 render without
# the request in Django, so Tribune's own views give them the site's header and language. A
# database that cannot be reached is a 503 to try again, not a 500 (operations.unavailable,
# which hands every other error to the site's 500 page).
handler400 = "tribune.core.views.bad_request_view"
handler500 = "tribune.operations.unavailable.server_error_view"

urlpatterns = [
    path("favicon.ico", favicon_view, name="favicon"),
    # A page from a shared cache carries no reader's CSRF token: csrf.js asks for it here.
    path("csrf-token", csrf_token_view, name="csrf_token"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Any other address under the API answers in the API's error shape, not with a page.
    re_path(r"^api/", api_not_found_view),
    path("", include("tribune.donations.urls")),
    path("", include("tribune.discussion.comments.urls")),
    path("", include("tribune.discussion.notifications.urls")),
    path("", include("tribune.discussion.moderation.urls")),
    path("", include("tribune.newsroom.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
