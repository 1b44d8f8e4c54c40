"""Handlers for signals; each one calls a service."""

from tribune.newsroom.signals import article_body_changed

from . import signals
from .services.anchors import anchors_relocate
from .services.deliveries import comment_announce


def relocate_anchors_on_article_body_changed(sender, article, **kwargs):
    anchors_relocate(article=article)


def announce_on_comment_posted(sender, *, comment, held, **kwargs) -> None:
    """Schedule the emails about a new comment, unless it waits for review (it is announced
    when a moderator approves it)."""
    if not held:
        comment_announce(comment=comment)


def announce_on_comment_approved(sender, *, comment, **kwargs) -> None:
    comment_announce(comment=comment)


def connect() -> None:
    article_body_changed.connect(relocate_anchors_on_article_body_changed,
                                 dispatch_uid="discussion-relocate-anchors")
    signals.comment_posted.connect(announce_on_comment_posted,
                                   dispatch_uid="discussion.announce_on_comment_posted")
    signals.comment_approved.connect(announce_on_comment_approved,
                                     dispatch_uid="discussion.announce_on_comment_approved")
