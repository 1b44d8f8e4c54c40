from urllib.parse import urlsplit, urlunsplit

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError
from tribune.core.rows import counter_increment
from tribune.newsroom.services import article_cache_invalidate

from ..embedding import embed_page_allowed
from ..models import Comment, Thread
from ..signals import thread_changed


class ThreadUrlNotAllowedError(DomainError):
    code = "thread_url_not_allowed"


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


def thread_for_url_get_or_create(*, url: str, title: str = "", any_host: bool = False) -> Thread:
    """Return the thread of a page elsewhere on the web, creating it on first use.

    Raises ThreadUrlNotAllowedError unless the URL is http(s) on a site in DISCUSSION_EMBED_HOSTS;
    `any_host` lifts the host check for an operator's own import, which is trusted.
    """
    normalized = thread_url_normalize(url=url, any_host=any_host)
    thread = Thread.objects.filter(url=normalized).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            return Thread.objects.create(url=normalized, title=title[:300])
    except IntegrityError:
        return Thread.objects.get(url=normalized)


def thread_close(*, thread: Thread) -> Thread:
    """Stop new comments; existing ones stay readable."""
    thread.is_open = False
    thread.save(update_fields=["is_open", "updated_at"])
    thread_touch(thread=thread, counts_changed=False)
    return thread


def thread_open(*, thread: Thread) -> Thread:
    thread.is_open = True
    thread.save(update_fields=["is_open", "updated_at"])
    thread_touch(thread=thread, counts_changed=False)
    return thread


def thread_touch(*, thread: Thread, counts_changed: bool = True, one_published: bool = False) -> None:
    """Mark the thread changed: cached answers about it, and its article's cached pages, are stale
    from now on. Call it inside the transaction that makes the change. With `counts_changed`
    False (a vote, an edit, a featured comment: the number of published comments is the same),
    the lists of articles, which show only that number, stay cached. With `one_published` (a
    post that is shown at once), the thread's count of published comments goes up by one;
    otherwise a change of counts counts them again."""
    if one_published:
        counter_increment(Thread, pk=thread.pk, field=("version", "published_count"))
    else:
        counter_increment(Thread, pk=thread.pk, field="version")
        if counts_changed:
            # Counted after the version's UPDATE has locked the thread's row: on PostgreSQL this
            # statement sees every post that took the lock before, and a post still waiting for
            # it adds its one after this count is written.
            threads_published_recount(pks=[thread.pk])
    if thread.article_id:
        article_cache_invalidate(article_id=thread.article_id, lists=counts_changed)
    transaction.on_commit(lambda: thread_changed.send(sender=Thread, thread=thread))


def threads_published_recount(*, pks) -> None:
    """Count again the published comments of the threads `pks` (Thread.published_count), in one
    statement; inside the transaction that changed them, after their rows are locked."""
    published = (Comment.objects.filter(thread_id=OuterRef("pk"), status=Comment.Status.VISIBLE)
                 .order_by().values("thread_id").annotate(n=Count("pk")).values("n"))
    Thread.objects.filter(pk__in=pks).update(published_count=Coalesce(Subquery(published), 0))


def page_url_normalize(url: str) -> str:
    """Return the address a page's thread is stored under: one thread per page, so the fragment
    and a trailing slash do not make another page. Raises ValueError for a non-http(s) URL."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(url)
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, parts.query, ""))


def thread_url_normalize(*, url: str, any_host: bool = False) -> str:
    """Return the one address a page's thread is stored under. Raises ThreadUrlNotAllowedError
    for an address that is not http(s), too long, or (unless `any_host`, for an operator's import)
    on a site outside DISCUSSION_EMBED_HOSTS."""
    if len(url or "") > 1000:
        raise ThreadUrlNotAllowedError(_("The page address is too long."))
    try:
        normalized = page_url_normalize(url)
    except ValueError:
        raise ThreadUrlNotAllowedError(
            _("Give the full address of the page, starting with https://.")
        ) from None
    if not any_host and not embed_page_allowed(normalized):
        raise ThreadUrlNotAllowedError(
            _("Comments are not enabled for pages on %(host)s.") % {"host": urlsplit(normalized).hostname}
        )
    return normalized
