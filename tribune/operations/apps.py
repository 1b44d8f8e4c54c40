from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Health checks, metrics, error reports, the worker's heartbeat and backups."""

    name = "tribune.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self):
        # Imported here, as Django requires: the receivers and Sentry's hooks load models.
        from . import receivers
        from .sentry import sentry_start

        receivers.connect()
        sentry_start()
