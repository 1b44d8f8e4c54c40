from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "tribune.donations"
    label = "donations"
    verbose_name = _("Donations")

    def ready(self):
        # Imported here, as Django requires: models are not ready before ready().
        from . import marks, panels, receivers

        panels.register()
        marks.register()
        receivers.connect()
