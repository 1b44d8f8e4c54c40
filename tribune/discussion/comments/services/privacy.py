"""A reader's own data: everything they wrote, to download or to erase.

Registered readers act through their account. A guest proves an email address by a signed link
sent to it, or acts on what their own browser wrote (its guest key).
"""

from django.core import signing
from django.db import transaction
from django.db.models import Q

from ..identity import Reader
from ..models import Comment, Vote
from .comments import comments_erase
from .votes import votes_withdraw_all

# Salt of the signed links that let a guest manage what they wrote under an email address.
DATA_LINK_SALT = "tribune.discussion.my-data"
# Seconds a link sent by email keeps working.
DATA_LINK_AGE = 24 * 3600


def author_comments(*, reader: Reader | None = None, email: str = ""):
    """Return the comments written by the reader's account, browser, or under `email`."""
    query = Q(pk__in=[])
    if reader is not None and reader.user is not None:
        query |= Q(user=reader.user)
    if reader is not None and reader.user is None and reader.guest_key:
        query |= Q(user__isnull=True, guest_key_hash=reader.guest_key_hash)
    if email:
        query |= Q(user__isnull=True, guest_email__iexact=email)
    return Comment.objects.filter(query).exclude(status=Comment.Status.DELETED)


def author_data_export(*, reader: Reader | None = None, email: str = "") -> dict:
    """Return everything the author wrote, as plain data for a JSON download."""
    comments = author_comments(reader=reader, email=email).select_related("thread__article", "user")
    votes = Vote.objects.none()
    if reader is not None and reader.voter:
        votes = Vote.objects.filter(voter=reader.voter).select_related("comment")
    return {
        "comments": [
            {
                "id": c.pk,
                "page": c.thread.page_url,
                "thread_title": c.thread.page_title,
                "in_reply_to": c.parent_id,
                "name": c.guest_name if c.user_id is None else c.author_name,
                "email": c.guest_email,
                "body": c.body,
                "status": c.status,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
            }
            for c in comments.order_by("created_at")
        ],
        "votes": [{"comment": v.comment_id, "value": v.value, "cast_at": v.created_at.isoformat()}
                  for v in votes],
    }


def author_data_erase(*, reader: Reader | None = None, email: str = "") -> int:
    """Erase every comment the author wrote (replies by others stay) and their votes; return how
    many comments were erased."""
    with transaction.atomic():
        comments = list(author_comments(reader=reader, email=email).select_related("thread"))
        comments_erase(comments=comments)
        if reader is not None and reader.voter:
            votes_withdraw_all(voter=reader.voter)
    return len(comments)


def data_link_token(*, email: str) -> str:
    """Return the signed token of a link that proves the holder reads mail at `email`."""
    return signing.dumps({"email": email.strip().lower()}, salt=DATA_LINK_SALT, compress=True)


def data_link_email(*, token: str) -> str | None:
    """Return the email address a link's token proves, or None when it is forged or expired."""
    try:
        return signing.loads(token, salt=DATA_LINK_SALT, max_age=DATA_LINK_AGE)["email"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
