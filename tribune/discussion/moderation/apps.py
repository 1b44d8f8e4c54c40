from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Moderation: the site's rules, readers' reports, bans, moderators' decisions and their log."""

    name = "tribune.discussion.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        # Imported here, as Django requires: models are not ready before ready().
        from tribune.discussion.comments.gate import gate_check_register, gate_closing_register

        from . import marks, receivers
        from .policies import moderation_verdict, thread_closed_by_age

        gate_check_register(moderation_verdict)
        gate_closing_register(thread_closed_by_age)
        receivers.connect()
        marks.register()
