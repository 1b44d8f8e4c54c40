from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """The comment section: threads, comments, votes, passages and the readers who write them.

    Its label stays "discussion", the app's name before the discussion had rooms: its tables,
    migrations, permissions ("discussion.moderate_comment") and content types carry over as
    they are.
    """

    name = "tribune.discussion.comments"
    label = "discussion"
    verbose_name = _("Discussion")

    def ready(self):
        # Imported here, as Django requires: models are not ready before ready().
        from tribune.core.personal import identity_cookie_register, identity_header_register

        from . import panels, receivers
        from .identity import GUEST_COOKIE, GUEST_HEADER

        identity_cookie_register(GUEST_COOKIE)
        identity_header_register(GUEST_HEADER)
        panels.register()
        receivers.connect()
