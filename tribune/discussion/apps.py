from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "tribune.discussion"
    label = "discussion"
    verbose_name = _("Discussion")

    def ready(self):
        from tribune.core.personal import identity_cookie_register, identity_header_register

        from . import panels, receivers
        from .identity import GUEST_COOKIE, GUEST_HEADER

        identity_cookie_register(GUEST_COOKIE)
        identity_header_register(GUEST_HEADER)
        panels.register()
        receivers.connect()
