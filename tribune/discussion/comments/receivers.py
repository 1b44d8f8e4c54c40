"""Handlers for signals; each one calls a service."""

from corsheaders.signals import check_request_enabled

from tribune.newsroom.signals import article_body_changed

from .embedding import embed_origin_allowed
from .models import Thread
from .services.anchors import anchors_relocate
from .services.purges import thread_purge
from .signals import thread_changed


def relocate_anchors_on_article_body_changed(sender, article, **kwargs):
    anchors_relocate(article=article)


def purge_shared_caches_on_thread_changed(sender, thread, **kwargs):
    thread_purge(thread=thread)


def allow_embed_origins_on_check_request_enabled(sender, request, **kwargs) -> bool:
    """Let the pages of a site allowed to embed the discussion read the API's answers (CORS).
    Only under /api/: corsheaders asks this for every address."""
    origin = request.headers.get("Origin")
    return request.path_info.startswith("/api/") and origin is not None and embed_origin_allowed(origin)


def connect() -> None:
    article_body_changed.connect(relocate_anchors_on_article_body_changed,
                                 dispatch_uid="discussion-relocate-anchors")
    thread_changed.connect(purge_shared_caches_on_thread_changed, sender=Thread,
                           dispatch_uid="discussion-purge-shared-caches")
    check_request_enabled.connect(allow_embed_origins_on_check_request_enabled,
                                  dispatch_uid="discussion-cors-embed-origins")
