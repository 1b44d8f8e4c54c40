"""Handlers for signals; each one calls a service."""

from .services.deliveries import comment_announce


def announce_on_comment_posted(sender, *, comment, held, **kwargs) -> None:
    """Schedule the emails about a new comment, unless it waits for review (moderation
    announces it on approval by calling `comment_announce`)."""
    if not held:
        comment_announce(comment=comment)
