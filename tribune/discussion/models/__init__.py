"""Discussion models, one module per concept; import them from here."""

from .anchors import Anchor
from .comments import Comment, body_digest
from .moderation import Block, ModerationAction, ModerationSettings, Report, WordRule
from .threads import Thread
from .votes import Vote

__all__ = [
    "Anchor",
    "Block",
    "Comment",
    "ModerationAction",
    "ModerationSettings",
    "Report",
    "Thread",
    "Vote",
    "WordRule",
    "body_digest",
]
