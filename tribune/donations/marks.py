"""The Supporter mark beside the comments of donors who chose to show it (see discussion.marks)."""

from django.utils.translation import gettext_lazy as _

from tribune.discussion.comments.marks import author_mark_register, author_marks_changed

from .selectors import supporters_among
from .signals import supporter_mark_changed


def register() -> None:
    author_mark_register(key="supporter", label=_("Supporter"), provider=_supporters)
    supporter_mark_changed.connect(_refresh_comment_lists, dispatch_uid="supporter-mark-lists")


def _refresh_comment_lists(sender, user_id, email, **kwargs):
    author_marks_changed(user_id=user_id, email=email)


def _supporters(comments) -> set[int]:
    # A guest comment is marked only from a browser proven to read its email (see
    # selectors.supporters_among): the same email typed by anyone else shows nothing.
    users, guests = supporters_among(
        user_ids=[c.user_id for c in comments if c.user_id],
        guests=[(c.guest_email, c.guest_key_hash) for c in comments
                if not c.user_id and c.guest_email and c.guest_key_hash],
    )
    return {c.pk for c in comments
            if (c.user_id and c.user_id in users)
            or (not c.user_id and (c.guest_email.strip().lower(), c.guest_key_hash) in guests)}
