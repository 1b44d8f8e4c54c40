"""Notifications' API operations: one view per operation, each parsing input, calling one
service and rendering."""

from django.utils.translation import gettext as _
from ninja import Router, Status

from tribune.core.api import WRITE_ERRORS, error_responses
from tribune.discussion.comments.api.errors import ThreadNotFoundError
from tribune.discussion.comments.api.readers import api_reader
from tribune.discussion.comments.api.schemas import Id
from tribune.discussion.comments.selectors import thread_readable
from tribune.discussion.comments.services.threads import thread_for_article_get_or_create
from tribune.newsroom.selectors import article_list_published

from ..services.subscriptions import subscription_create
from . import errors  # noqa: F401  (registers the numbered error codes)
from .schemas import SubscriptionCreatedOut, SubscriptionCreateIn

router = Router(tags=["notifications"])


@router.post("/threads/{int:thread_id}/subscriptions",
             response={201: SubscriptionCreatedOut, **WRITE_ERRORS, **error_responses(400, 404, 429)},
             operation_id="subscription_create")
def SubscriptionCreateApi(request, payload: SubscriptionCreateIn, thread_id: Id):
    """Follow a thread by email: new comments, replies to one's own comments, or both, one email
    each or in a daily digest. A signed-in reader's account address is subscribed at once; a
    guest gives an address, which gets a link to confirm before anything else is sent to it."""
    thread = thread_readable(thread_id=thread_id)
    if thread is None:
        raise ThreadNotFoundError(_("There is no such thread."))
    return Status(201, _subscribe(request, thread, payload))


@router.post("/articles/{int:article_id}/subscriptions",
             response={201: SubscriptionCreatedOut, **WRITE_ERRORS, **error_responses(400, 404, 429)},
             operation_id="subscription_create_for_article")
def SubscriptionCreateForArticleApi(request, payload: SubscriptionCreateIn, article_id: Id):
    """Follow the discussion of a published article that nobody has commented on yet (its page
    has no thread id to follow): its thread is made, as on the first comment."""
    article = article_list_published().filter(pk=article_id).first()
    if article is None:
        raise ThreadNotFoundError(_("There is no such article."))
    return Status(201, _subscribe(request, thread_for_article_get_or_create(article=article), payload))


def _subscribe(request, thread, payload: SubscriptionCreateIn) -> dict:
    kinds = sorted(set(payload.kinds))
    _subscriber, pending = subscription_create(thread=thread, reader=api_reader(request), kinds=kinds,
                                               email=payload.email, cadence=payload.cadence)
    return {"thread_id": thread.pk, "kinds": kinds, "cadence": payload.cadence, "pending": pending}
