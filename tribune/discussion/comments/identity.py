"""Who is reading: a registered reader, or a guest recognised by a key their browser keeps.

A guest's browser holds a random key, in a signed cookie for the site's own pages or returned by
the API for the widget to keep. Only a keyed hash of it is stored, on the guest's comments and
votes; presenting the key again proves the comment is theirs.

Pages read the key from the signed cookie only; the X-Guest-Key header belongs to the API. Both
are identities (core.personal): a page or answer made for a request carrying either is that
guest's alone and is never shared through a cache.
"""

import secrets
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core import signing

from tribune.core.privacy import address_hash, keyed_hash

GUEST_COOKIE = "tribune_guest"
GUEST_HEADER = "X-Guest-Key"
GUEST_COOKIE_AGE = 2 * 365 * 24 * 3600
GUEST_COOKIE_SALT = "tribune.discussion.guest"


@dataclass(frozen=True)
class Reader:
    """The person behind a request. Build it with `reader_from_request`."""

    user: object | None = None
    guest_key: str = ""
    address_hash: str = ""
    # True when the key was made for this request and must be handed to the browser.
    new_guest_key: bool = field(default=False, compare=False)

    @cached_property
    def guest_key_hash(self) -> str:
        # Kept: a page compares it with every comment it shows.
        return keyed_hash("guest", self.guest_key) if self.guest_key else ""

    @property
    def voter(self) -> str:
        """The identity a vote is counted under ("" when the reader cannot be recognised)."""
        if self.user is not None:
            return f"u:{self.user.pk}"
        return f"g:{self.guest_key_hash}" if self.guest_key else ""


def reader_from_request(request, *, issue_guest_key: bool = False, guest_header: bool = False) -> Reader:
    """Return the request's reader. With `issue_guest_key`, a guest without a key gets a new one
    (send it back with `guest_key_remember`). Only the API passes `guest_header`: a page takes a
    guest's key from the signed cookie alone."""
    user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    address = address_hash(request)
    if user is not None:
        return Reader(user=user, address_hash=address)
    key = (guest_header and _key_from_header(request)) or _key_from_cookie(request)
    if not key and issue_guest_key:
        return Reader(guest_key=secrets.token_urlsafe(32), address_hash=address, new_guest_key=True)
    return Reader(guest_key=key, address_hash=address)


def guest_key_remember(response, reader: Reader) -> None:
    """Keep a newly issued guest key in the browser's signed cookie."""
    if reader.new_guest_key and reader.guest_key:
        response.set_signed_cookie(
            GUEST_COOKIE, reader.guest_key, salt=GUEST_COOKIE_SALT, max_age=GUEST_COOKIE_AGE,
            httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
        )


def _key_from_cookie(request) -> str:
    try:
        return request.get_signed_cookie(GUEST_COOKIE, default="", salt=GUEST_COOKIE_SALT)
    except signing.BadSignature:
        return ""


def _key_from_header(request) -> str:
    key = request.headers.get(GUEST_HEADER, "").strip()
    # Keys are 43 URL-safe characters; anything else is not one of ours.
    return key if 20 <= len(key) <= 100 and key.replace("-", "").replace("_", "").isalnum() else ""
