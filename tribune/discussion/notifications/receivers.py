"""Handlers for the comment section's signals; each one calls a service."""

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.signals import comment_approved, comment_posted

from .services.deliveries import comment_announce


def announce_on_comment_posted(sender, comment, held, **kwargs) -> None:
    # A held comment is announced when a moderator approves it.
    if not held:
        comment_announce(comment=comment)


def announce_on_comment_approved(sender, comment, **kwargs) -> None:
    comment_announce(comment=comment)


def connect() -> None:
    comment_posted.connect(announce_on_comment_posted, sender=Comment,
                           dispatch_uid="notifications.announce_on_comment_posted")
    comment_approved.connect(announce_on_comment_approved, sender=Comment,
                             dispatch_uid="notifications.announce_on_comment_approved")
