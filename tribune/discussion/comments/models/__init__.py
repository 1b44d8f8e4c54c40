"""The comment section's models, one module per concept; import them from here."""

from .anchors import Anchor
from .comments import Comment, body_digest
from .threads import Thread
from .votes import Vote

__all__ = [
    "Anchor",
    "Comment",
    "Thread",
    "Vote",
    "body_digest",
]
