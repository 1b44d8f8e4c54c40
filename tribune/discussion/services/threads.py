from django.db import IntegrityError, transaction

from ..models import Thread


def thread_for_article_get_or_create(*, article) -> Thread:
    """Return the article's thread, creating it on first use (safe when two requests race)."""
    thread = Thread.objects.filter(article=article).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            return Thread.objects.create(article=article, title=article.headline)
    except IntegrityError:
        return Thread.objects.get(article=article)
