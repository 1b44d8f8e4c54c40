from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "tribune.discussion"
    label = "discussion"
    verbose_name = _("Discussion")

    def ready(self):
        from . import panels, receivers, signals

        panels.register()
        signals.comment_posted.connect(receivers.announce_on_comment_posted,
                                       dispatch_uid="discussion.announce_on_comment_posted")
