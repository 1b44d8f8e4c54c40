"""Discussion writes. Pages, the API, admin actions and commands all call these. What a reader
may do (comment_is_mine, comment_can_edit, thread_accepts_comments) is read in ..rules."""

from .comments import (
    CommentBodyInvalidError,
    CommentEditWindowClosedError,
    CommentNameRequiredError,
    CommentNotYoursError,
    CommentParentInvalidError,
    CommentParentNotFoundError,
    CommentRejectedError,
    ThreadClosedError,
    comment_delete,
    comment_edit,
    comment_post,
)
from .threads import (
    ThreadUrlNotAllowedError,
    page_url_normalize,
    thread_close,
    thread_for_article_get_or_create,
    thread_for_url_get_or_create,
    thread_open,
    thread_touch,
    thread_url_normalize,
    threads_published_recount,
)
from .votes import VoteInvalidError, VoteOnOwnCommentError, VoterUnknownError, vote_cast

__all__ = [
    "CommentBodyInvalidError",
    "CommentEditWindowClosedError",
    "CommentNameRequiredError",
    "CommentNotYoursError",
    "CommentParentInvalidError",
    "CommentParentNotFoundError",
    "CommentRejectedError",
    "ThreadClosedError",
    "ThreadUrlNotAllowedError",
    "VoteInvalidError",
    "VoteOnOwnCommentError",
    "VoterUnknownError",
    "comment_delete",
    "comment_edit",
    "comment_post",
    "page_url_normalize",
    "thread_close",
    "thread_for_article_get_or_create",
    "thread_for_url_get_or_create",
    "thread_open",
    "thread_touch",
    "threads_published_recount",
    "thread_url_normalize",
    "vote_cast",
]
