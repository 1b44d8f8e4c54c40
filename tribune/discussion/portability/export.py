"""Write the whole discussion as one JSON document (docs/export-format.md describes it).

Rows are read with server-side iteration and written one per line, so an export of millions of
comments needs no more memory than one of ten, and `tribune import tribune` can read it back the
same way.
"""

import json
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from tribune.core.privacy import keyed_hash
from tribune.discussion.comments.models import Anchor, Comment, Thread, Vote
from tribune.discussion.notifications.models import Subscription

FORMAT = "tribune-discussion"
VERSION = 1
CHUNK = 2000


def discussion_export(*, out) -> dict:
    """Write every thread, comment and vote to the text stream `out`; return the counts."""
    counts = {"threads": 0, "anchors": 0, "comments": 0, "votes": 0, "subscriptions": 0}
    out.write("{\n")
    out.write(f'"format": "{FORMAT}",\n"version": {VERSION},\n')
    out.write(f'"exported_at": {_dump(timezone.now())},\n')
    counts["threads"] = _list(out, "threads", _threads())
    out.write(",\n")
    counts["anchors"] = _list(out, "anchors", _anchors())
    out.write(",\n")
    counts["comments"] = _list(out, "comments", _comments())
    out.write(",\n")
    counts["votes"] = _list(out, "votes", _votes())
    out.write(",\n")
    counts["subscriptions"] = _list(out, "subscriptions", _subscriptions())
    out.write("\n}\n")
    return counts


def comment_key(*, import_source: str, import_id: str, pk: int) -> str:
    """Return the comment's key in an export: where it came from, or this site and its id.

    A comment written here is "tribune:<site>-<id>", where <site> is derived from SECRET_KEY, so
    keys from two Tribune sites never collide when one imports the other's export.
    """
    if import_source:
        return f"{import_source}:{import_id}"
    return f"tribune:{export_site_tag()}-{pk}"


def _threads():
    rows = Thread.objects.select_related("article").order_by("pk")
    for thread in rows.iterator(chunk_size=CHUNK):
        article = thread.article
        yield {
            "id": thread.pk,
            "url": thread.url,
            "article": None if article is None else {
                "slug": article.slug, "headline": article.headline, "path": article.get_absolute_url(),
            },
            "title": thread.title,
            "is_open": thread.is_open,
            "created_at": thread.created_at,
        }


def _comments():
    username = "user__" + get_user_model().USERNAME_FIELD
    fields = ("pk", "thread_id", "import_source", "import_id", "parent_id", "parent__import_source",
              "parent__import_id", username, "guest_name", "guest_email", "guest_key_hash",
              "address_hash", "body", "body_html", "status", "created_at", "edited_at",
              "upvotes", "downvotes", "anchor_id", "is_featured", "moderator_note")
    rows = Comment.objects.order_by("pk").values(*fields)
    for row in rows.iterator(chunk_size=CHUNK):
        parent = None
        if row["parent_id"]:
            parent = comment_key(import_source=row["parent__import_source"],
                                 import_id=row["parent__import_id"], pk=row["parent_id"])
        yield {
            "id": row["pk"],
            "key": comment_key(import_source=row["import_source"], import_id=row["import_id"],
                               pk=row["pk"]),
            "thread": row["thread_id"],
            "parent": parent,
            "user": row[username],
            "guest_name": row["guest_name"],
            "guest_email": row["guest_email"],
            "guest_key_hash": row["guest_key_hash"],
            "address_hash": row["address_hash"],
            "body": row["body"],
            "body_html": row["body_html"],
            "status": row["status"],
            "created_at": row["created_at"],
            "edited_at": row["edited_at"],
            "upvotes": row["upvotes"],
            "downvotes": row["downvotes"],
            "anchor": row["anchor_id"],
            "is_featured": row["is_featured"],
            "moderator_note": row["moderator_note"],
        }


def _anchors():
    rows = Anchor.objects.select_related("article").order_by("pk")
    for anchor in rows.iterator(chunk_size=CHUNK):
        yield {
            "id": anchor.pk, "article": anchor.article.slug, "exact": anchor.exact,
            "prefix": anchor.prefix, "suffix": anchor.suffix, "start": anchor.start, "end": anchor.end,
            "state": anchor.state, "question": anchor.question,
        }


def _subscriptions():
    username = "subscriber__user__" + get_user_model().USERNAME_FIELD
    rows = Subscription.objects.order_by("pk").values(
        "subscriber__email", username, "subscriber__suppressed_at", "thread_id", "kind", "cadence",
        "confirmed_at",
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "email": row["subscriber__email"], "user": row[username], "thread": row["thread_id"],
            "kind": row["kind"], "cadence": row["cadence"], "confirmed_at": row["confirmed_at"],
            "suppressed_at": row["subscriber__suppressed_at"],
        }


def _votes():
    rows = Vote.objects.order_by("pk").values(
        "comment_id", "comment__import_source", "comment__import_id", "voter", "value",
        "address_hash", "created_at",
    )
    usernames = _Usernames()
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "voter": usernames.voter(row["voter"]),
            "comment": comment_key(import_source=row["comment__import_source"],
                                   import_id=row["comment__import_id"], pk=row["comment_id"]),
            "value": row["value"],
            "address_hash": row["address_hash"],
            "created_at": row["created_at"],
        }


class _Usernames:
    """Write a registered voter as "user:<username>": user ids differ from site to site."""

    def __init__(self):
        self._names: dict[str, str | None] = {}

    def voter(self, voter: str) -> str:
        if not voter.startswith("u:"):
            return voter
        if voter not in self._names:
            model = get_user_model()
            name = model.objects.filter(pk=voter[2:]).values_list(model.USERNAME_FIELD, flat=True)
            self._names[voter] = name.first()
        name = self._names[voter]
        return f"user:{name}" if name is not None else voter


def _list(out, name: str, rows) -> int:
    out.write(f'"{name}": [')
    count = 0
    for row in rows:
        out.write(("\n" if count == 0 else ",\n") + _dump(row))
        count += 1
    out.write("\n]" if count else "]")
    return count


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_default, separators=(",", ":"))


def _default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} in an export")


def export_site_tag() -> str:
    """Return this site's tag in the keys of comments written here."""
    return keyed_hash("export-site", "tribune")[:10]
