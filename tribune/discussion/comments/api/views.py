"""Discussion API operations: one view per operation; each parses input, calls one service or
selector, and renders."""

from typing import Annotated

from django.db.models import Q
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from tribune.core.api import WRITE_ERRORS, error_responses
from tribune.core.errors import DomainError, NotFoundError
from tribune.core.rows import row_get

from ..identity import Reader, reader_from_request
from ..models import Comment, Thread, Vote
from ..selectors import (
    anchors_for_article,
    comment_counts,
    comment_for_reader,
    node_for_comment,
    thread_readable,
)
from ..services import (
    comment_can_edit,
    comment_delete,
    comment_edit,
    comment_post,
    page_url_normalize,
    thread_for_url_get_or_create,
    vote_cast,
)
from . import errors  # noqa: F401  (registers the numbered error codes)
from .render import comment_dict, comment_page_json, thread_dict
from .schemas import (
    GUEST_KEY,
    AnchorOut,
    CommentCreateByUrlIn,
    CommentCreatedOut,
    CommentCreateIn,
    CommentEditedOut,
    CommentEditIn,
    CommentOut,
    CommentPageOut,
    CountsOut,
    Id,
    MineOut,
    PageUrl,
    Slug,
    Sort,
    ThreadOut,
    VoteIn,
    VoteOut,
)

router = Router(tags=["discussion"])
JSON = "application/json"
# The key a guest was given (a 201's guest_key), proving which comments and votes are theirs.
# Declared for the schema and checked here; identity.reader_from_request reads it.
GuestKey = Annotated[str | None, Header(alias="X-Guest-Key", pattern=GUEST_KEY,
                                        description="A guest's key, from the guest_key of a 201.")]
# Where a new comment leads: the key and the ids in the 201 are what these operations take.
_COMMENT = {"comment_id": "$response.body#/comment/id", "header.X-Guest-Key": "$response.body#/guest_key"}
_THREAD = {"thread_id": "$response.body#/comment/thread_id"}
CREATED_LINKS = {"responses": {201: {"links": {
    "EditComment": {"operationId": "comment_edit", "parameters": _COMMENT},
    "DeleteComment": {"operationId": "comment_delete", "parameters": _COMMENT},
    "VoteOnComment": {"operationId": "vote_cast", "parameters": _COMMENT},
    "GetThread": {"operationId": "thread_get", "parameters": _THREAD},
    "ListComments": {"operationId": "comment_list_all", "parameters": _THREAD},
    "ReadersOwn": {"operationId": "thread_mine",
                   "parameters": {**_THREAD, "header.X-Guest-Key": "$response.body#/guest_key"}},
}}}}
# What an operation on a thread or comment by id may answer besides its result.
BY_ID = error_responses(404, 422)
# What posting a comment may answer besides the comment: a rule of the site refused it (400, 403),
# the thread or the replied-to comment is gone (404), the thread is closed (409), too many (429).
POSTING = {**WRITE_ERRORS, **error_responses(400, 403, 404, 409, 429)}


class CsrfFailedError(DomainError):
    code = "csrf_failed"
    status = 403


class CommentNotFoundError(NotFoundError):
    code = "comment_not_found"


class ThreadNotFoundError(NotFoundError):
    code = "thread_not_found"


@router.get("/threads/{int:thread_id}/comments", response={200: CommentPageOut, **BY_ID},
            operation_id="comment_list")
def CommentListApi(request, thread_id: Id, sort: Sort = "newest",
                   page: int = Query(1, ge=1, le=100000), page_size: int = Query(20, ge=1, le=100)):
    """List a page of a thread's top-level comments in the chosen order, each followed by its
    replies (oldest first)."""
    thread = _thread(thread_id)
    return HttpResponse(comment_page_json(thread=thread, sort=sort, page=page, page_size=page_size),
                        content_type=JSON)


@router.get("/threads/{int:thread_id}/comments/all", response={200: CommentPageOut, **BY_ID},
            operation_id="comment_list_all")
def CommentListAllApi(request, thread_id: Id, sort: Sort = "oldest"):
    """Return every comment of a thread in one answer."""
    thread = _thread(thread_id)
    return HttpResponse(comment_page_json(thread=thread, sort=sort, page=None, page_size=None),
                        content_type=JSON)


@router.get("/threads/by-url", response={200: ThreadOut, **BY_ID}, operation_id="thread_by_url")
def ThreadByUrlApi(request, url: PageUrl):
    """Find the thread of a page elsewhere on the web by its address."""
    thread = Thread.objects.select_related("article").filter(url=_page_url(url)).first()
    if thread is None:
        raise ThreadNotFoundError(_("Nobody has commented on this page yet."))
    return _thread_out(thread)


@router.get("/threads/{int:thread_id}", response={200: ThreadOut, **BY_ID}, operation_id="thread_get")
def ThreadGetApi(request, thread_id: Id):
    """A thread: its page, whether it is open, and its count of comments."""
    return _thread_out(_thread(thread_id))


@router.get("/threads/{int:thread_id}/mine", response={200: MineOut, **BY_ID}, operation_id="thread_mine")
def ThreadMineApi(request, thread_id: Id, guest_key: GuestKey = None):
    """What only this reader sees: their comments in the thread and their votes."""
    thread = _thread(thread_id)
    reader = reader_from_request(request, guest_header=True)
    mine, editable = [], []
    if reader.user is not None or reader.guest_key:
        owned = Comment.objects.filter(thread=thread).exclude(status=Comment.Status.DELETED)
        owned = owned.filter(user=reader.user) if reader.user else \
            owned.filter(user__isnull=True, guest_key_hash=reader.guest_key_hash)
        now = timezone.now()
        for comment in owned.select_related("user"):
            mine.append(comment.pk)
            if comment_can_edit(comment=comment, reader=reader, now=now):
                editable.append(comment.pk)
    votes = {}
    if reader.voter:
        votes = dict(Vote.objects.filter(voter=reader.voter, comment__thread=thread)
                     .values_list("comment_id", "value"))
    return {"comment_ids": mine, "editable_ids": editable, "votes": votes}


@router.post("/threads/by-url/comments", response={201: CommentCreatedOut, **POSTING},
             operation_id="comment_create_by_url", openapi_extra=CREATED_LINKS)
def CommentCreateByUrlApi(request, payload: CommentCreateByUrlIn, guest_key: GuestKey = None):
    """Post a comment on a page elsewhere on the web; its thread is made on the first comment."""
    thread = thread_for_url_get_or_create(url=payload.url, title=payload.title)
    return Status(201, _create(request, thread, payload))


@router.post("/threads/{int:thread_id}/comments", response={201: CommentCreatedOut, **POSTING},
             operation_id="comment_create", openapi_extra=CREATED_LINKS)
def CommentCreateApi(request, payload: CommentCreateIn, thread_id: Id, guest_key: GuestKey = None):
    """Post a comment, or a reply with parent_id. Guests may give a name and an email (never
    shown); a new guest receives a key to manage their comment."""
    thread = _thread(thread_id)
    return Status(201, _create(request, thread, payload))


@router.patch("/comments/{int:comment_id}", response={200: CommentEditedOut, **WRITE_ERRORS, **BY_ID,
                                                       **error_responses(400, 403)},
              operation_id="comment_edit")
def CommentEditApi(request, payload: CommentEditIn, comment_id: Id, guest_key: GuestKey = None):
    """Change the text of one's own comment while the edit window is open. The new text meets the
    checks a new comment would: it may be refused (comment_rejected), or send the comment back to
    review (held, with the reason to show the writer)."""
    reader = _reader(request)
    comment = comment_edit(comment=_comment(comment_id), reader=reader, body=payload.body)
    held = comment.status == Comment.Status.PENDING
    return {**comment_dict(node_for_comment(comment=comment), for_author=True), "held": held,
            "held_reason": comment.moderation_reason if held else ""}


@router.delete("/comments/{int:comment_id}", response={200: CommentOut, **WRITE_ERRORS, **BY_ID},
               operation_id="comment_delete")
def CommentDeleteApi(request, comment_id: Id, guest_key: GuestKey = None):
    """Delete one's own comment; replies to it stay."""
    reader = _reader(request)
    comment = comment_delete(comment=_comment(comment_id), reader=reader)
    return comment_dict(node_for_comment(comment=comment), for_author=True)


@router.post("/comments/{int:comment_id}/vote", response={200: VoteOut, **WRITE_ERRORS, **BY_ID,
                                                           **error_responses(400, 403, 409, 429)},
             operation_id="vote_cast")
def VoteCastApi(request, payload: VoteIn, comment_id: Id, guest_key: GuestKey = None):
    """Vote a comment up or down, or withdraw the vote (0). One vote per reader."""
    reader = _reader(request)
    comment = vote_cast(comment=_comment(comment_id), reader=reader, value=payload.value)
    return {"comment_id": comment.pk, "my_vote": payload.value, "upvotes": comment.upvotes,
            "downvotes": comment.downvotes, "score": comment.score}


@router.get("/threads/{int:thread_id}/anchors", response={200: list[AnchorOut], **BY_ID},
            operation_id="anchor_list")
def AnchorListApi(request, thread_id: Id):
    """The passages of a thread's article that have comments or an editor's question, with counts."""
    thread = _thread(thread_id)
    if thread.article_id is None:
        return []
    return [
        {"id": a.pk, "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix, "start": a.start,
         "end": a.end, "state": a.state, "question": a.question, "count": a.answer_count}
        for a in anchors_for_article(article=thread.article) if a.question or a.answer_count
    ]


@router.get("/counts", response={200: CountsOut, **error_responses(400, 422)}, operation_id="comment_counts")
def CommentCountsApi(request, thread: list[Id] = Query([], max_length=200),
                     url: list[PageUrl] = Query([], max_length=200),
                     article: list[Slug] = Query([], max_length=200)):
    """Count the comments of many threads in one call, by thread id, page address or article
    slug. Unknown ones count 0."""
    if len(thread) + len(url) + len(article) > 200:
        raise DomainError(_("Ask for at most 200 threads at once."), code="invalid_input")
    urls = [_page_url(u) for u in url]
    threads = []
    if thread or url or article:
        wanted = Q(pk__in=thread) | Q(url__in=urls) | Q(article__slug__in=article)
        threads = list(Thread.objects.filter(wanted).select_related("article"))
    counts = comment_counts(threads=threads)
    rows = [{"thread_id": t.pk, "url": t.url, "article": t.article.slug if t.article_id else None,
             "count": counts[t.pk]} for t in threads]
    known_ids = {t.pk for t in threads}
    known_urls = {t.url for t in threads}
    known_slugs = {t.article.slug for t in threads if t.article_id}
    rows += [{"thread_id": i, "url": None, "article": None, "count": 0}
             for i in thread if i not in known_ids]
    rows += [{"thread_id": None, "url": u, "article": None, "count": 0}
             for u in urls if u not in known_urls]
    rows += [{"thread_id": None, "url": None, "article": a, "count": 0}
             for a in article if a not in known_slugs]
    return {"counts": rows}


def _create(request, thread: Thread, payload) -> dict:
    reader = _reader(request, issue_guest_key=True)
    parent = None
    if payload.parent_id is not None:
        parent = row_get(Comment, pk=payload.parent_id, thread_id=thread.pk)
        if parent is None:
            raise CommentNotFoundError(_("The comment you are replying to is not in this thread."))
    comment = comment_post(thread=thread, body=payload.body, reader=reader, guest_name=payload.name,
                           guest_email=payload.email, parent=parent, anchor_id=payload.anchor_id,
                           passage=payload.anchor.dict() if payload.anchor is not None else None)
    return {
        "comment": comment_dict(node_for_comment(comment=comment), for_author=True),
        "held": comment.status == Comment.Status.PENDING,
        "held_reason": comment.moderation_reason if comment.status == Comment.Status.PENDING else "",
        "guest_key": reader.guest_key if reader.new_guest_key else None,
    }


def _reader(request, *, issue_guest_key: bool = False) -> Reader:
    """Return the reader of an API request. A request signed in through the session cookie must
    carry the CSRF token, or another site could act in the reader's name."""
    reader = reader_from_request(request, issue_guest_key=issue_guest_key, guest_header=True)
    # Only a session can be abused by another site; guests carry their key in a header.
    if reader.user is not None and CsrfViewMiddleware(lambda r: None).process_view(
            request, None, (), {}) is not None:
        raise CsrfFailedError(_("Send the CSRF token (X-CSRFToken header) with this request."))
    return reader


def _thread(thread_id: int) -> Thread:
    thread = thread_readable(thread_id=thread_id)
    if thread is None:
        raise ThreadNotFoundError(_("There is no such thread."))
    return thread


def _thread_out(thread: Thread) -> dict:
    return thread_dict(thread, comment_counts(threads=[thread])[thread.pk])


def _comment(comment_id: int) -> Comment:
    comment = comment_for_reader(comment_id=comment_id)
    if comment is None:
        raise CommentNotFoundError(_("There is no such comment."))
    return comment



def _page_url(url: str) -> str:
    """Return a page address as threads store it: no fragment, no trailing slash on the path."""
    try:
        return page_url_normalize(url)
    except ValueError:
        return url
