"""Discussion writes. Pages, the API, admin actions and commands all call these."""

from .comments import (
    CommentBodyInvalidError,
    CommentEditWindowClosedError,
    CommentNameRequiredError,
    CommentNotYoursError,
    CommentParentInvalidError,
    ThreadClosedError,
    comment_can_edit,
    comment_delete,
    comment_edit,
    comment_is_mine,
    comment_post,
)
from .threads import (
    ThreadUrlNotAllowedError,
    thread_close,
    thread_for_article_get_or_create,
    thread_for_url_get_or_create,
    thread_open,
    thread_touch,
    thread_url_normalize,
)
from .votes import VoteInvalidError, VoteOnOwnCommentError, VoterUnknownError, vote_cast

__all__ = [
    "CommentBodyInvalidError",
    "CommentEditWindowClosedError",
    "CommentNameRequiredError",
    "CommentNotYoursError",
    "CommentParentInvalidError",
    "ThreadClosedError",
    "ThreadUrlNotAllowedError",
    "VoteInvalidError",
    "VoteOnOwnCommentError",
    "VoterUnknownError",
    "comment_can_edit",
    "comment_delete",
    "comment_edit",
    "comment_is_mine",
    "comment_post",
    "thread_close",
    "thread_for_article_get_or_create",
    "thread_for_url_get_or_create",
    "thread_open",
    "thread_touch",
    "thread_url_normalize",
    "vote_cast",
]
