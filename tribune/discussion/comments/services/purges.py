"""Tell the cache in front which of the API's answers about a thread a change made stale."""

from django.conf import settings

from tribune.core.purge import purge_enqueue

from ..models import Thread
from ..selectors import SORTS


def thread_purge(*, thread: Thread) -> None:
    """Queue a purge of the thread's answers (its article's page is purged by newsroom's cache
    service, which thread_touch calls). Does nothing without HTTP_PURGE_URL."""
    if not settings.HTTP_PURGE_URL:
        return
    base = f"/api/v1/threads/{thread.pk}"
    paths = [base, f"{base}/anchors", f"{base}/comments", f"{base}/comments/all"]
    # A purge by path reaches only the addresses named: those the widget asks for.
    paths += [f"{base}/comments/all?sort={sort}" for sort in SORTS]
    paths += [f"{base}/comments?sort={sort}" for sort in SORTS]
    purge_enqueue(keys=[thread_cache_key(thread.pk)], paths=paths)


def thread_cache_key(thread_id: int) -> str:
    """Return the surrogate key of the API's answers about thread `thread_id`."""
    return f"thread-{thread_id}"
