"""Numbered error codes of the discussion API, and the errors of its operations that no service
raises. The widget relies on the numbers: never renumber, only add."""

from tribune.core.api import error_numbers_register
from tribune.core.errors import NotFoundError

NUMBERS = {
    "thread_closed": 101,
    "comment_body_invalid": 102,
    "comment_name_required": 103,
    "comment_email_invalid": 104,
    "comment_parent_invalid": 105,
    "comment_not_yours": 106,
    "comment_edit_window_closed": 107,
    "vote_invalid": 108,
    "voter_unknown": 109,
    "vote_on_own_comment": 110,
    "vote_already_cast": 111,
    "thread_url_not_allowed": 112,
    "csrf_failed": 113,
    "comment_not_found": 114,
    "thread_not_found": 115,
    "comment_rejected": 116,
    "anchor_invalid": 117,
}

error_numbers_register(NUMBERS)


class CommentNotFoundError(NotFoundError):
    code = "comment_not_found"


class ThreadNotFoundError(NotFoundError):
    code = "thread_not_found"
