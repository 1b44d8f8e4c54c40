"""Marks beside an author's name ("Supporter"), provided by other apps.

The discussion does not know why an author earns a mark. An app registers a provider from its
AppConfig.ready(): given the comments of a list, it answers which of them carry its mark, in a
fixed number of queries for the whole list.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F, Q

from tribune.newsroom.services import article_cache_invalidate_many

from .models import Comment, Thread


@dataclass(frozen=True)
class AuthorMark:
    key: str  # used in CSS classes and the API
    label: str
    provider: Callable[[list[Comment]], set[int]]


_marks: list[AuthorMark] = []


def author_mark_register(*, key: str, label, provider) -> None:
    """Show `label` beside the authors of the comments `provider(comments)` returns the ids of."""
    if all(mark.key != key for mark in _marks):
        _marks.append(AuthorMark(key=key, label=label, provider=provider))


def author_mark_labels() -> dict[str, str]:
    """Return the words shown for each mark, by key, in the active language."""
    return {mark.key: str(mark.label) for mark in _marks}


def author_marks(comments: Iterable[Comment]) -> dict[int, list[AuthorMark]]:
    """Return the marks of each comment, by comment id."""
    comments = [c for c in comments if c.status == Comment.Status.VISIBLE]
    found: dict[int, list[AuthorMark]] = {}
    if not comments:
        return found
    for mark in _marks:
        for comment_id in mark.provider(comments):
            found.setdefault(comment_id, []).append(mark)
    return found


def author_marks_changed(*, user_id: int | None = None, email: str = "") -> int:
    """Tell the discussion that an author's marks changed: the threads they wrote in are shown
    anew (their cached answers are dropped). Returns how many threads that touched."""
    who = Q(pk__in=[])
    if user_id:
        who |= Q(user_id=user_id)
    if email:
        who |= Q(user__isnull=True, guest_email__iexact=email)
    thread_ids = Comment.objects.filter(who).values("thread_id").distinct()
    threads = Thread.objects.filter(pk__in=thread_ids)
    # Marks show beside comments on article pages, not in the lists.
    article_cache_invalidate_many(article_ids=threads.exclude(article__isnull=True).values("article_id"),
                                  lists=False)
    return threads.update(version=F("version") + 1)
