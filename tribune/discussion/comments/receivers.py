"""Handlers for signals; each one calls a service."""

from corsheaders.signals import check_request_enabled

from tribune.newsroom.signals import article_body_changed

from .embedding import embed_origin_allowed
from .services.anchors import anchors_relocate


def relocate_anchors_on_article_body_changed(sender, article, **kwargs):
    anchors_relocate(article=article)


def allow_embed_origins_on_check_request_enabled(sender, request, **kwargs) -> bool:
    """Let the pages of a site allowed to embed the discussion read the API's answers (CORS).
    Only under /api/: corsheaders asks this for every address."""
    origin = request.headers.get("Origin")
    return request.path_info.startswith("/api/") and origin is not None and embed_origin_allowed(origin)


def connect() -> None:
    article_body_changed.connect(relocate_anchors_on_article_body_changed,
                                 dispatch_uid="discussion-relocate-anchors")
    check_request_enabled.connect(allow_embed_origins_on_check_request_enabled,
                                  dispatch_uid="discussion-cors-embed-origins")
