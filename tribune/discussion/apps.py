from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "tribune.discussion"
    label = "discussion"
    verbose_name = _("Discussion")

    def ready(self):
        from tribune.newsroom.cache import article_cache_invalidation_declare

        from . import panels, receivers

        panels.register()
        receivers.connect()
        # Every service that changes what an article page shows calls thread_touch, which makes
        # the article's cached pages stale.
        article_cache_invalidation_declare(app_label=self.label)
