from urllib.parse import urlsplit, urlunsplit

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError

from .. import conf
from ..models import Thread
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

    Raises ThreadUrlNotAllowedError unless the URL is http(s) on a host in DISCUSSION_EMBED_HOSTS;
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
    thread_touch(thread=thread)
    return thread


def thread_open(*, thread: Thread) -> Thread:
    thread.is_open = True
    thread.save(update_fields=["is_open", "updated_at"])
    thread_touch(thread=thread)
    return thread


def thread_touch(*, thread: Thread) -> None:
    """Mark the thread changed: cached answers about it are stale from now on."""
    Thread.objects.filter(pk=thread.pk).update(version=F("version") + 1)
    transaction.on_commit(lambda: thread_changed.send(sender=Thread, thread=thread))


def thread_url_normalize(*, url: str, any_host: bool = False) -> str:
    """Return the one address a page's thread is stored under; raise ThreadUrlNotAllowedError."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        parts = None
    hosts = {h.lower() for h in conf.get("DISCUSSION_EMBED_HOSTS")}
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ThreadUrlNotAllowedError(_("Give the full address of the page, starting with https://."))
    if not any_host and parts.hostname.lower() not in hosts:
        raise ThreadUrlNotAllowedError(
            _("Comments are not enabled for pages on %(host)s.") % {"host": parts.hostname}
        )
    if len(url) > 1000:
        raise ThreadUrlNotAllowedError(_("The page address is too long."))
    # One thread per page: the fragment and a trailing slash do not make another page.
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, parts.query, ""))
