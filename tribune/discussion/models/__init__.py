"""Discussion models, one module per concept; import them from here."""

from .anchors import Anchor
from .comments import Comment, CommentQuerySet
from .moderation import Block, ModerationAction, ModerationSettings, Report, WordRule
from .threads import Thread
from .votes import Vote

__all__ = [
    "Anchor",
    "Block",
    "Comment",
    "CommentQuerySet",
    "ModerationAction",
    "ModerationSettings",
    "Report",
    "Thread",
    "Vote",
    "WordRule",
]
