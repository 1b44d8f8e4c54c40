"""Discussion models, one module per concept; import them from here."""

from .comments import Comment, CommentQuerySet
from .subscriptions import Delivery, ReaderPreference, Subscriber, Subscription
from .threads import Thread
from .votes import Vote

__all__ = [
    "Comment",
    "CommentQuerySet",
    "Delivery",
    "ReaderPreference",
    "Subscriber",
    "Subscription",
    "Thread",
    "Vote",
]
