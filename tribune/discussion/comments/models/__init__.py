"""The comment section's models, one module per concept; import them from here."""

from .anchors import Anchor
from .comments import Comment, body_digest, comment_fields_derive
from .threads import Thread
from .votes import Vote

__all__ = [
    "Anchor",
    "Comment",
    "Thread",
    "Vote",
    "body_digest",
    "comment_fields_derive",
]
