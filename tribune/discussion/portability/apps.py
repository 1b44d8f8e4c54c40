from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortabilityConfig(AppConfig):
    """Import and export of comments (the `tribune import` and `tribune export` commands)."""

    name = "tribune.discussion.portability"
    label = "portability"
    verbose_name = _("Import and export")
