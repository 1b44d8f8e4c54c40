from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "tribune.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        # Imported here, as Django requires: models are not ready before ready().
        from . import receivers

        receivers.connect()
