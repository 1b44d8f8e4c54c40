"""Discussion API operations: one view per operation; each parses input, calls one service or
selector, and renders."""

from typing import Annotated
from urllib.parse import urlsplit

from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from tribune.core.api import WRITE_ERRORS, error_responses
from tribune.core.api_writes import request_from_own_page
from tribune.core.errors import DomainError
from tribune.core.httpcache import http_cache_share
from tribune.newsroom.selectors import article_list_published

from .. import conf
from ..embedding import embed_page_allowed
from ..identity import reader_from_request
from ..models import Comment, Thread
from ..selectors import (
    anchors_for_article,
    comment_counts,
    comment_for_reader,
    node_for_comment,
    thread_for_url,
    thread_readable,
)
from ..services import (
    comment_delete,
    comment_edit,
    comment_post,
    page_url_normalize,
    thread_for_article_get_or_create,
    thread_for_url_get_or_create,
    vote_cast,
)
from ..services.threads import ThreadUrlNotAllowedError
from .embed import embed_page_json, mine_dict
from .errors import CommentNotFoundError, ThreadNotFoundError
from .readers import api_reader, guest_key_keep
from .render import Answer, comment_dict, comment_page_json, thread_cache_keys, thread_dict
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
    EmbedPageOut,
    Id,
    ListFilter,
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


@router.get("/threads/{int:thread_id}/comments", response={200: CommentPageOut, **BY_ID},
            operation_id="comment_list")
def CommentListApi(request, thread_id: Id, filters: Query[ListFilter], sort: Sort = "newest",
                   page: int = Query(1, ge=1, le=100000), page_size: int = Query(20, ge=1, le=100)):
    """List a page of a thread's top-level comments in the chosen order, each followed by its
    replies (oldest first); `inline` or `anchor` keep only the comments on passages, or on one."""
    thread = _thread(thread_id)
    return _answer(comment_page_json(thread=thread, sort=sort, page=page, page_size=page_size,
                                     inline=filters.inline, anchor_id=filters.anchor), thread)


@router.get("/threads/{int:thread_id}/comments/all", response={200: CommentPageOut, **BY_ID},
            operation_id="comment_list_all")
def CommentListAllApi(request, thread_id: Id, filters: Query[ListFilter], sort: Sort = "oldest"):
    """Return every comment of a thread in one answer (or, with `inline` or `anchor`, every
    comment on its passages or on one)."""
    thread = _thread(thread_id)
    return _answer(comment_page_json(thread=thread, sort=sort, page=None, page_size=None,
                                     inline=filters.inline, anchor_id=filters.anchor), thread)


@router.get("/threads/by-url", response={200: ThreadOut, **BY_ID}, operation_id="thread_by_url")
def ThreadGetByUrlApi(request, response: HttpResponse, url: PageUrl):
    """Find the thread of a page elsewhere on the web by its address."""
    thread = Thread.objects.select_related("article").filter(url=_page_url(url)).first()
    if thread is None:
        raise ThreadNotFoundError(_("Nobody has commented on this page yet."))
    http_cache_share(response, keys=thread_cache_keys(thread))
    return _thread_out(thread)


@router.get("/threads/{int:thread_id}", response={200: ThreadOut, **BY_ID}, operation_id="thread_get")
def ThreadGetApi(request, response: HttpResponse, thread_id: Id):
    """A thread: its page, whether it is open, and its count of comments."""
    thread = _thread(thread_id)
    http_cache_share(response, keys=thread_cache_keys(thread))
    return _thread_out(thread)


@router.get("/threads/{int:thread_id}/mine", response={200: MineOut, **BY_ID}, operation_id="thread_mine")
def ThreadMineGetApi(request, thread_id: Id, guest_key: GuestKey = None):
    """What only this reader sees: their comments in the thread and their votes."""
    return mine_dict(reader=reader_from_request(request, guest_header=True), thread=_thread(thread_id))


@router.get("/threads/by-url/comments", response={200: EmbedPageOut, **error_responses(400, 422)},
            operation_id="comment_list_by_url")
def CommentListByUrlApi(request, url: PageUrl, sort: Sort = "newest", all: bool = False,
                        guest_key: GuestKey = None):
    """The embedded widget's read: the thread of the page at `url` (null before its first
    comment), its first page of comments (every comment with `all`) and what this reader may do
    with each, in one answer. A page on a site not allowed to embed, with no thread, is refused."""
    try:
        normalized = page_url_normalize(url)
    except ValueError:
        raise ThreadUrlNotAllowedError(
            _("Give the full address of the page, starting with https://.")) from None
    thread = thread_for_url(url=normalized)
    if thread is None and not embed_page_allowed(normalized):
        raise ThreadUrlNotAllowedError(_("Comments are not enabled for pages on %(host)s.")
                                       % {"host": urlsplit(normalized).hostname})
    body = embed_page_json(thread=thread, reader=reader_from_request(request, guest_header=True), sort=sort,
                           page_size=None if all else conf.get("DISCUSSION_FIRST_PAGE"))
    return HttpResponse(body, content_type=JSON)


@router.post("/threads/by-url/comments", response={201: CommentCreatedOut, **POSTING},
             operation_id="comment_create_by_url", openapi_extra=CREATED_LINKS)
def CommentCreateByUrlApi(request, response: HttpResponse, payload: CommentCreateByUrlIn,
                          guest_key: GuestKey = None):
    """Post a comment on a page elsewhere on the web; its thread is made on the first comment."""
    thread = thread_for_url_get_or_create(url=payload.url, title=payload.title)
    return Status(201, _create(request, response, thread, payload))


@router.post("/articles/{int:article_id}/comments", response={201: CommentCreatedOut, **POSTING},
             operation_id="comment_create_for_article", openapi_extra=CREATED_LINKS)
def CommentCreateForArticleApi(request, response: HttpResponse, payload: CommentCreateIn, article_id: Id,
                               guest_key: GuestKey = None):
    """Post a comment under a published article that nobody has commented on yet (its page has
    no thread id to post to): its thread is made on the first comment."""
    article = article_list_published().filter(pk=article_id).first()
    if article is None:
        raise ThreadNotFoundError(_("There is no such article."))
    thread = thread_for_article_get_or_create(article=article)
    return Status(201, _create(request, response, thread, payload))


@router.post("/threads/{int:thread_id}/comments", response={201: CommentCreatedOut, **POSTING},
             operation_id="comment_create", openapi_extra=CREATED_LINKS)
def CommentCreateApi(request, response: HttpResponse, payload: CommentCreateIn, thread_id: Id,
                     guest_key: GuestKey = None):
    """Post a comment, or a reply with parent_id. Guests may give a name and an email (never
    shown); a new guest receives a key to manage their comment."""
    thread = _thread(thread_id)
    return Status(201, _create(request, response, thread, payload))


@router.patch("/comments/{int:comment_id}", response={200: CommentEditedOut, **WRITE_ERRORS, **BY_ID,
                                                       **error_responses(400, 403)},
              operation_id="comment_edit")
def CommentEditApi(request, payload: CommentEditIn, comment_id: Id, guest_key: GuestKey = None):
    """Change the text of one's own comment while the edit window is open. The new text meets the
    checks a new comment would: it may be refused (comment_rejected), or send the comment back to
    review (held, with the reason to show the writer)."""
    reader = api_reader(request)
    comment = comment_edit(comment=_comment(comment_id), reader=reader, body=payload.body)
    held = comment.status == Comment.Status.PENDING
    return {**comment_dict(node_for_comment(comment=comment, reader=reader), for_author=True), "held": held,
            "held_reason": comment.moderation_reason if held else ""}


@router.delete("/comments/{int:comment_id}", response={200: CommentOut, **WRITE_ERRORS, **BY_ID},
               operation_id="comment_delete")
def CommentDeleteApi(request, comment_id: Id, guest_key: GuestKey = None):
    """Delete one's own comment; replies to it stay."""
    reader = api_reader(request)
    comment = comment_delete(comment=_comment(comment_id), reader=reader)
    return comment_dict(node_for_comment(comment=comment, reader=reader), for_author=True)


@router.post("/comments/{int:comment_id}/vote", response={200: VoteOut, **WRITE_ERRORS, **BY_ID,
                                                           **error_responses(400, 403, 409, 429)},
             operation_id="vote_cast")
def VoteCastApi(request, response: HttpResponse, payload: VoteIn, comment_id: Id, guest_key: GuestKey = None):
    """Vote a comment up or down, or withdraw the vote (0). One vote per reader. A guest without
    a key votes from the site's own pages only, which keep the key they are given in its cookie."""
    reader = api_reader(request, issue_guest_key=request_from_own_page(request))
    comment = vote_cast(comment=_comment(comment_id), reader=reader, value=payload.value)
    guest_key_keep(request, response, reader)
    return {"comment_id": comment.pk, "my_vote": payload.value, "upvotes": comment.upvotes,
            "downvotes": comment.downvotes, "score": comment.score}


@router.get("/threads/{int:thread_id}/anchors", response={200: list[AnchorOut], **BY_ID},
            operation_id="anchor_list")
def AnchorListApi(request, response: HttpResponse, thread_id: Id):
    """The passages of a thread's article that have comments or an editor's question, with counts."""
    thread = _thread(thread_id)
    http_cache_share(response, keys=thread_cache_keys(thread))
    if thread.article_id is None:
        return []
    return [
        {"id": a.pk, "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix, "start": a.start,
         "end": a.end, "state": a.state, "question": a.question, "count": a.answer_count}
        for a in anchors_for_article(article=thread.article) if a.question or a.answer_count
    ]


@router.get("/counts", response={200: CountsOut, **error_responses(400, 422)}, operation_id="comment_counts")
def CommentCountListApi(request, response: HttpResponse, thread: list[Id] = Query([], max_length=200),
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
    # A count changes with its thread; the lists of articles are purged with any count.
    http_cache_share(response, keys=["articles", *(key for t in threads for key in thread_cache_keys(t))])
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


def _create(request, response, thread: Thread, payload) -> dict:
    reader = api_reader(request, issue_guest_key=True)
    comment = comment_post(thread=thread, body=payload.body, reader=reader, guest_name=payload.name,
                           guest_email=payload.email, parent_id=payload.parent_id,
                           anchor_id=payload.anchor_id,
                           passage=payload.anchor.dict() if payload.anchor is not None else None)
    held = comment.status == Comment.Status.PENDING
    return {
        "comment": comment_dict(node_for_comment(comment=comment, reader=reader, unvoted=True),
                                for_author=True),
        "held": held,
        "held_reason": comment.moderation_reason if held else "",
        "guest_key": guest_key_keep(request, response, reader),
        # As the post left it (comment_post reads it in its transaction).
        "comment_count": thread.published_count,
    }


def _answer(answer: Answer, thread: Thread) -> HttpResponse:
    response = HttpResponse(answer.body, content_type=JSON)
    response["ETag"] = answer.etag
    return http_cache_share(response, keys=thread_cache_keys(thread), made_at=answer.made_at)


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
