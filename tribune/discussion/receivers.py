"""Handlers for other apps' signals; each calls a discussion service."""

from tribune.newsroom.signals import article_body_changed

from .services.anchors import anchors_relocate


def relocate_anchors_on_article_body_changed(sender, article, **kwargs):
    anchors_relocate(article=article)


def connect() -> None:
    article_body_changed.connect(relocate_anchors_on_article_body_changed,
                                 dispatch_uid="discussion-relocate-anchors")
