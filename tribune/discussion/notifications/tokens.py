"""Signed links in discussion emails: confirm an address, manage its subscriptions, unsubscribe.

Each link carries the subscriber's id (and for unsubscribe links, what to stop) signed with
SECRET_KEY under its own salt, so a link made for one purpose never works for another, and
nobody can build one for an address they do not read. Confirmation links carry a timestamp and
expire after DISCUSSION_CONFIRM_MAX_AGE; the others work for as long as the address is known.
"""

from django.core import signing
from django.urls import reverse

from tribune.core.links import absolute_url

from . import conf

_CONFIRM_SALT = "tribune.discussion.confirm"
_MANAGE_SALT = "tribune.discussion.manage"
_UNSUBSCRIBE_SALT = "tribune.discussion.unsubscribe"

# What an unsubscribe link stops: one subscription ("s<id>"), mention emails, the digests, or all.
SCOPE_MENTIONS = "mentions"
SCOPE_DAILY = "daily"
SCOPE_ALL = "all"


class TokenInvalidError(Exception):
    """The link was altered, made for another purpose, or has expired (`expired` says which)."""

    def __init__(self, *, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def confirm_token(*, subscriber_id: int, email: str) -> str:
    """Return the token of a confirmation link; it names the address, so it dies with a change."""
    return signing.dumps([subscriber_id, email], salt=_CONFIRM_SALT)


def confirm_token_read(token: str) -> tuple[int, str]:
    """Return (subscriber id, email) of a confirmation token. Raises TokenInvalidError."""
    max_age = conf.get("DISCUSSION_CONFIRM_MAX_AGE")
    try:
        subscriber_id, email = signing.loads(token, salt=_CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise TokenInvalidError(expired=True) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenInvalidError() from None
    if not isinstance(subscriber_id, int) or not isinstance(email, str):
        raise TokenInvalidError()
    return subscriber_id, email


def manage_token(*, subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=_MANAGE_SALT)


def manage_token_read(token: str) -> int:
    """Return the subscriber id of a manage-page token. Raises TokenInvalidError."""
    try:
        subscriber_id = signing.loads(token, salt=_MANAGE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenInvalidError() from None
    if not isinstance(subscriber_id, int):
        raise TokenInvalidError()
    return subscriber_id


def unsubscribe_token(*, subscriber_id: int, scope: str) -> str:
    return signing.dumps([subscriber_id, scope], salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """Return (subscriber id, scope) of an unsubscribe token. Raises TokenInvalidError."""
    try:
        subscriber_id, scope = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenInvalidError() from None
    if not isinstance(subscriber_id, int) or not isinstance(scope, str):
        raise TokenInvalidError()
    return subscriber_id, scope


def confirm_url(*, subscriber_id: int, email: str) -> str:
    token = confirm_token(subscriber_id=subscriber_id, email=email)
    return absolute_url(reverse("notifications:subscription_confirm", kwargs={"token": token}))


def manage_path(*, subscriber_id: int) -> str:
    token = manage_token(subscriber_id=subscriber_id)
    return reverse("notifications:subscriptions_manage", kwargs={"token": token})


def manage_url(*, subscriber_id: int) -> str:
    return absolute_url(manage_path(subscriber_id=subscriber_id))


def unsubscribe_url(*, subscriber_id: int, scope: str) -> str:
    token = unsubscribe_token(subscriber_id=subscriber_id, scope=scope)
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))
