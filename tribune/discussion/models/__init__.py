"""Discussion models, one module per concept; import them from here."""

from .comments import Comment, CommentQuerySet
from .threads import Thread
from .votes import Vote

__all__ = ["Comment", "CommentQuerySet", "Thread", "Vote"]
