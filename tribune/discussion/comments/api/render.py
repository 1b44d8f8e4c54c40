"""Turn comment sections into JSON, and keep finished answers in memory by thread version.

Every change to a thread bumps `Thread.version` (services call thread_touch), so an answer
cached under (thread, version, sort, page) is never stale: a request reads the version (one
indexed row) and either returns the stored bytes or builds them again. Each server process keeps
its own cache, bounded in bytes; with a shared cache (CACHE_URL) an answer one server built is
also stored there, so N servers build it once.

The version is read from the primary (core.rows). A request reading from a replica that has not
yet replayed that version would build an older answer and store it under the newer version, for
every server: such a request builds it from the primary instead.
"""

import hashlib
import json
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder

from tribune.core.replicas import reads_on_primary, replica_reading

from ..models import Comment, Thread
from ..selectors import CommentNode, comment_section
from ..services.purges import thread_cache_key

# Bytes of JSON one server process keeps.
CACHE_BUDGET = 64 * 1024 * 1024
# Seconds an answer stays in the shared cache (a newer version is simply never asked for it).
SHARED_SECONDS = 600


def comment_dict(node: CommentNode, *, for_author: bool = False) -> dict:
    """The comment as the API shows it. A comment readers may not read (deleted, held, taken
    down) keeps its place in the tree, for its replies, but not its text, author or passage;
    `for_author` shows a held comment to the writer who just posted or edited it, with what
    they may do with it (`viewer`, from the node's reader state)."""
    comment = node.comment
    readable = comment.status == Comment.Status.VISIBLE or \
        (for_author and comment.status == Comment.Status.PENDING)
    viewer = None
    if for_author:
        viewer = {"mine": node.state.mine, "can_edit": node.state.can_edit, "my_vote": node.state.my_vote}
    return {
        "id": comment.pk,
        "thread_id": comment.thread_id,
        "parent_id": comment.parent_id,
        "depth": node.true_depth,
        "reply_to_name": node.reply_to_name,
        "author": {"name": comment.author_name if readable else "",
                   "kind": comment.author_kind if readable else "deleted",
                   "marks": [mark.key for mark in node.marks] if readable else []},
        "body_html": comment.body_html if readable else "",
        "status": comment.status,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "upvotes": comment.upvotes,
        "downvotes": comment.downvotes,
        "score": comment.score,
        "anchor": {"id": comment.anchor.pk, "exact": comment.anchor.exact, "state": comment.anchor.state,
                   "question": comment.anchor.question} if readable and comment.anchor_id else None,
        "moderator_note": comment.moderator_note if readable else "",
        "viewer": viewer,
    }


def thread_dict(thread: Thread, count: int) -> dict:
    return {
        "id": thread.pk,
        "url": thread.url,
        "article_url": thread.article.get_absolute_url() if thread.article_id else None,
        "title": thread.title,
        "is_open": thread.is_open,
        "comment_count": count,
        # The version the answer shows: a page connecting to the live stream asks what came after.
        "version": thread.version,
    }


def thread_cache_keys(thread: Thread) -> list[str]:
    """Return the surrogate keys of the API's answers about the thread (a change to the thread
    purges them with its article's page: discussion.comments.receivers)."""
    return [thread_cache_key(thread.pk)]


class Answer(NamedTuple):
    """A finished answer: its JSON, its ETag (from the thread's version, so every server gives
    the same one) and when it was made (Unix time, for Last-Modified)."""

    body: bytes
    etag: str
    made_at: float


def cached_comment_page(*, thread_id: int, created_at, version: int, sort: str, page: int | None,
                        page_size: int | None) -> Answer | None:
    """Return the answer kept for the thread's whole list at `version` (this process's, or the
    shared cache's), or None."""
    return _cached(_key(thread_id, created_at, version, sort, page, page_size, False, None))


def cached_answers_forget() -> None:
    """Forget every answer this process keeps. For tests that roll back a thread's version: the
    same (thread, version) would come back with other comments."""
    _cache.clear()


def comment_page_json(*, thread: Thread, sort: str, page: int | None, page_size: int | None,
                      inline: bool = False, anchor_id: int | None = None) -> Answer:
    """Return the answer of one page of the thread's comments (every comment when `page` is
    None): with `inline`, only the comments on passages; with `anchor_id`, only those on that
    passage (replies follow the comments they answer either way)."""
    key = _key(thread.pk, thread.created_at, thread.version, sort, page, page_size, inline, anchor_id)
    cached = _cached(key)
    if cached is not None:
        return cached
    if replica_reading() and _replica_version(thread) != thread.version:
        with reads_on_primary():
            return _build(key, thread=thread, sort=sort, page=page, page_size=page_size, inline=inline,
                          anchor_id=anchor_id)
    return _build(key, thread=thread, sort=sort, page=page, page_size=page_size, inline=inline,
                  anchor_id=anchor_id)


def _build(key, *, thread: Thread, sort, page, page_size, inline, anchor_id) -> Answer:
    section = comment_section(thread=thread, sort=sort, show_all=page is None, page=page or 1,
                              page_size=page_size, inline_only=inline, anchor_id=anchor_id)
    body = json.dumps({
        "thread": thread_dict(thread, section.total),
        "sort": section.sort,
        "page": page,
        "page_size": section.page_size if page is not None else None,
        "top_level_total": section.top_level_total,
        "comments": [comment_dict(node) for node in section.nodes],
    }, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    answer = Answer(body, _etag(key), time.time())
    _cache.put(key, answer)
    if settings.CACHE_SHARED:
        cache.set(_shared_key(key), tuple(answer), SHARED_SECONDS)
    return answer


def _cached(key) -> Answer | None:
    answer = _cache.get(key)
    if answer is None and settings.CACHE_SHARED:
        stored = cache.get(_shared_key(key))
        if stored is not None:
            answer = Answer(*stored)
            _cache.put(key, answer)
    return answer


def _replica_version(thread: Thread) -> int | None:
    return Thread.objects.filter(pk=thread.pk).values_list("version", flat=True).first()


def _key(thread_id, created_at, version, sort, page, page_size, inline, anchor_id) -> tuple:
    # created_at tells apart two threads that reuse an id (a database restored or emptied).
    return (thread_id, created_at, version, sort, page, page_size, inline, anchor_id)


def _shared_key(key: tuple) -> str:
    thread_id, created_at, *rest = key
    return "discussion:answer:" + ":".join(map(str, (thread_id, created_at.timestamp(), *rest)))


def _etag(key: tuple) -> str:
    return '"' + hashlib.sha256(_shared_key(key).encode()).hexdigest()[:24] + '"'


class _ByteBudgetCache:
    """A least-recently-used map from keys to answers, bounded by the total size of their bodies."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value: Answer):
        if len(value.body) > self.budget:
            return
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self.items[key] = value
            self.size += len(value.body)
            while self.size > self.budget:
                _, evicted = self.items.popitem(last=False)
                self.size -= len(evicted.body)

    def clear(self):
        with self.lock:
            self.items.clear()
            self.size = 0


_cache = _ByteBudgetCache(CACHE_BUDGET)
