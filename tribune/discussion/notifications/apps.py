from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Email notifications: subscriptions, the outbox of deliveries, digests, signed links."""

    name = "tribune.discussion.notifications"
    label = "notifications"
    verbose_name = _("Email notifications")

    def ready(self):
        # Imported here, as Django requires: models and views are not ready before ready().
        from tribune.discussion.comments.form_parts import form_part_register
        from tribune.discussion.comments.widget import widget_part_register

        from . import receivers, tasks
        from .form_part import notify_choice_apply, notify_choice_check

        tasks.register()
        receivers.connect()
        form_part_register(key="notify", template="notifications/includes/notify.html",
                           check=notify_choice_check, apply=notify_choice_apply)
        # The same choices in the embedded widget's form: its script sends them after a post.
        widget_part_register(key="notify", script="notifications/notify.js")
