"""The site's addresses plus one that fails, to see the 500 page as readers would."""

from django.urls import path

from tribune.config.urls import handler400, handler500  # noqa: F401
from tribune.config.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("failing/", failing_view), *site_urlpatterns]
