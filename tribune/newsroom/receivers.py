"""Keep cached article pages fresh when models change outside the article services.

Newsroom's own images, sections, tags and authors appear on article pages; a change to any of
them makes the pages stale. For apps that put panels on the article page but have not declared
that they invalidate the cache themselves, any write to their models does the same, for every
article: coarse, but a reader never sees a stale comment count or goal meter.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .cache import article_cache_declared_apps
from .models import Article, Author, Byline, Image, Section, Tag
from .panels import panel_app_labels
from .services import article_cache_invalidate, article_cache_invalidate_for_image

_SITE_WIDE = (Section, Tag, Author)


@receiver(post_save, dispatch_uid="newsroom_invalidate_pages_on_save")
@receiver(post_delete, dispatch_uid="newsroom_invalidate_pages_on_delete")
def invalidate_article_pages_on_model_change(sender, instance=None, **kwargs):
    if sender is Image and instance is not None and instance.pk:
        article_cache_invalidate_for_image(image_id=instance.pk)
    elif sender is Article and instance is not None:
        # Saves through article_save() have invalidated already; this catches deletions.
        article_cache_invalidate(article_id=instance.pk)
    elif sender is Byline and instance is not None:
        article_cache_invalidate(article_id=instance.article_id)
    elif sender in _SITE_WIDE or _undeclared_panel_app(sender):
        article_cache_invalidate(article_id=None)


@receiver(m2m_changed, dispatch_uid="newsroom_invalidate_pages_on_m2m")
def invalidate_article_pages_on_relation_change(sender, instance=None, action="", **kwargs):
    if not action.startswith("post_"):
        return
    if sender is Article.tags.through and isinstance(instance, Article):
        article_cache_invalidate(article_id=instance.pk)
    elif sender is Article.tags.through or _undeclared_panel_app(type(instance)):
        article_cache_invalidate(article_id=None)


def _undeclared_panel_app(model) -> bool:
    meta = getattr(model, "_meta", None)
    if meta is None:
        return False
    label = meta.app_label
    return label != "newsroom" and label in panel_app_labels() and label not in article_cache_declared_apps()
