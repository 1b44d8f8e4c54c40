from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "tribune.donations"
    label = "donations"
    verbose_name = _("Donations")

    def ready(self):
        from tribune.newsroom.cache import article_cache_invalidation_declare

        from . import marks, panels, receivers

        panels.register()
        marks.register()
        receivers.connect()
        # Campaign and ledger changes send campaign_figures_changed, which makes pages stale.
        article_cache_invalidation_declare(app_label=self.label)
