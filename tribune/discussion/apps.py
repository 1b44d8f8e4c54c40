from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "tribune.discussion"
    label = "discussion"
    verbose_name = _("Discussion")

    def ready(self):
        from . import panels, receivers

        panels.register()
        receivers.connect()
