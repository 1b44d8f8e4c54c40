"""Handlers for signals; each one calls a service."""

from corsheaders.signals import check_request_enabled
from django.db.models.signals import post_delete, post_save

from tribune.newsroom.signals import article_body_changed

from .embedding import embed_origin_allowed
from .models import Block, ModerationSettings, WordRule
from .policies import moderation_rules_forget
from .services.anchors import anchors_relocate


def relocate_anchors_on_article_body_changed(sender, article, **kwargs):
    anchors_relocate(article=article)


def forget_moderation_rules_on_change(sender, **kwargs) -> None:
    moderation_rules_forget()


def allow_embed_origins_on_check_request_enabled(sender, request, **kwargs) -> bool:
    """Let the pages of a site allowed to embed the discussion read the API's answers (CORS).
    Only under /api/: corsheaders asks this for every address."""
    origin = request.headers.get("Origin")
    return request.path_info.startswith("/api/") and origin is not None and embed_origin_allowed(origin)


def connect() -> None:
    for model in (ModerationSettings, WordRule, Block):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(forget_moderation_rules_on_change, sender=model,
                           dispatch_uid=f"discussion.forget_rules_on_{name}.{model.__name__}")
    article_body_changed.connect(relocate_anchors_on_article_body_changed,
                                 dispatch_uid="discussion-relocate-anchors")
    check_request_enabled.connect(allow_embed_origins_on_check_request_enabled,
                                  dispatch_uid="discussion-cors-embed-origins")
