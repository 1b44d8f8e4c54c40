"""Discussion writes. Pages, the API, admin actions and commands all call these."""

from .comments import (
    CommentBodyInvalidError,
    CommentNameRequiredError,
    CommentParentInvalidError,
    ThreadClosedError,
    comment_post,
)
from .threads import thread_for_article_get_or_create

__all__ = [
    "CommentBodyInvalidError",
    "CommentNameRequiredError",
    "CommentParentInvalidError",
    "ThreadClosedError",
    "comment_post",
    "thread_for_article_get_or_create",
]
