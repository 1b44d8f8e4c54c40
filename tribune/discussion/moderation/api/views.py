"""Moderation's API operations: one view per operation, each parsing input, calling one service
and rendering."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from tribune.core.api import WRITE_ERRORS, error_responses
from tribune.core.api_writes import request_from_own_page
from tribune.discussion.comments.api.errors import CommentNotFoundError
from tribune.discussion.comments.api.readers import api_reader, guest_key_keep
from tribune.discussion.comments.api.schemas import Id
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.selectors import comment_for_reader

from ..services.decisions import comment_report
from . import errors  # noqa: F401  (registers the numbered error codes)
from .schemas import ReportCreatedOut, ReportCreateIn

router = Router(tags=["moderation"])


@router.post("/comments/{int:comment_id}/report",
             response={201: ReportCreatedOut, **WRITE_ERRORS, **error_responses(400, 404, 409, 429)},
             operation_id="report_create")
def ReportCreateApi(request, response: HttpResponse, payload: ReportCreateIn, comment_id: Id):
    """Report a comment to the moderators, with a reason. A reader reports a comment once; a
    connection's reports count once per comment towards hiding it, and only so many are taken
    from one connection. A guest without a key reports from the site's own pages only, which
    keep the key they are given in its cookie (the widget sends its key in X-Guest-Key)."""
    comment = comment_for_reader(comment_id=comment_id)
    if comment is None:
        raise CommentNotFoundError(_("There is no such comment."))
    reader = api_reader(request, issue_guest_key=request_from_own_page(request))
    comment = comment_report(comment=comment, reader=reader, reason=payload.reason, note=payload.note)
    guest_key_keep(request, response, reader)
    return Status(201, {"comment_id": comment.pk, "hidden": comment.status != Comment.Status.VISIBLE})
