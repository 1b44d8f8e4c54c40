"""The demo's URLs: the site's, and its outbox. Only `tribune demo` uses them (settings.demo)."""

from django.urls import path

from tribune.config.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("demo/outbox/", views.outbox_list_view, name="demo_outbox"),
    path("demo/outbox/<str:name>/", views.outbox_message_view, name="demo_outbox_message"),
    *site_urlpatterns,
]
