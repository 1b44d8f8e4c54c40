"""Keep cached article pages fresh when newsroom models change outside the article services.

Images, bylines, sections, tags and authors appear on article pages; a change to any of them
makes the pages stale. Other apps whose panels show changing data invalidate the pages
themselves (newsroom.services.article_cache_invalidate). Each receiver listens to its own models
only: a receiver for every model would run on every save in the project and stop Django from
deleting any queryset in one statement.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Article, Author, Byline, Image, Section, Tag
from .services import article_cache_invalidate, article_cache_invalidate_for_image


def invalidate_pages_of_image(sender, instance, **kwargs):
    if instance.pk:
        article_cache_invalidate_for_image(image_id=instance.pk)


def invalidate_page_of_article(sender, instance, **kwargs):
    # Saves through article_save() have invalidated already; this catches the others and deletions.
    article_cache_invalidate(article_id=instance.pk)


def invalidate_page_of_byline(sender, instance, **kwargs):
    article_cache_invalidate(article_id=instance.article_id)


def invalidate_every_page(sender, **kwargs):
    article_cache_invalidate(article_id=None)


def invalidate_pages_on_tags_change(sender, instance=None, action="", **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Article):
        article_cache_invalidate(article_id=instance.pk)
    else:
        article_cache_invalidate(article_id=None)


def connect() -> None:
    handlers = [(Image, invalidate_pages_of_image), (Article, invalidate_page_of_article),
                (Byline, invalidate_page_of_byline), (Section, invalidate_every_page),
                (Tag, invalidate_every_page), (Author, invalidate_every_page)]
    for model, handler in handlers:
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(handler, sender=model, dispatch_uid=f"newsroom.pages_on_{name}.{model.__name__}")
    m2m_changed.connect(invalidate_pages_on_tags_change, sender=Article.tags.through,
                        dispatch_uid="newsroom.pages_on_tags_change")
