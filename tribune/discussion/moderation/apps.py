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
        from tribune.discussion.comments.reported import reported_provider_register
        from tribune.discussion.comments.widget import widget_part_register

        from . import marks, receivers
        from .policies import moderation_verdict, thread_closed_by_age
        from .selectors import comments_reported_by
        from .views import report_form_context

        gate_check_register(moderation_verdict)
        # A comment the reader reported shows them "Reported" in place of its Report link.
        reported_provider_register(comments_reported_by)
        gate_closing_register(thread_closed_by_age)
        # "Report" in the embedded widget and on the article page: a form under the comment,
        # sent to the API.
        widget_part_register(key="report", template="moderation/includes/report_form.html",
                             context=report_form_context, script="moderation/report.js",
                             page_script="moderation/report_page.js")
        receivers.connect()
        marks.register()
