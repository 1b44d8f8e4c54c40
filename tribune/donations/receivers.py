"""Handlers for signals; each calls a service."""

from tribune.newsroom.services import article_cache_invalidate

from .signals import campaign_figures_changed


def refresh_article_pages_on_campaign_figures_changed(sender, campaign_id, **kwargs):
    # A campaign's meter and calls to give can show on every article.
    article_cache_invalidate(article_id=None)


def connect() -> None:
    campaign_figures_changed.connect(refresh_article_pages_on_campaign_figures_changed,
                                     dispatch_uid="donations-refresh-article-pages")
