"""The "Notify me of" part of the comment form (registered in apps.py; see comments.form_parts):
its choices are checked before the comment is stored and applied once it is."""

from django.contrib import messages
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError
from tribune.core.notices import notice_add
from tribune.discussion.comments.places import FOLLOW_PLACE, comment_place

from .forms import NotifyForm
from .services.subscriptions import subscription_create


def notify_choice_check(data, reader) -> list[tuple[str | None, str]]:
    """Return the errors of the "Notify me of" choices posted with a comment (the comment form's
    part, see discussion.form_parts)."""
    notify = NotifyForm(data, registered=reader.user is not None)
    if notify.is_valid():
        return []
    return [("email" if field == "email" else None, error)
            for field, errors in notify.errors.items() for error in errors]


def notify_choice_apply(request, comment, reader, data) -> None:
    """Subscribe the comment's author as they chose when posting (checked by notify_choice_check)."""
    notify = NotifyForm(data, registered=reader.user is not None)
    if not notify.is_valid() or not notify.cleaned_data["notify"]:
        return
    # Said where the reader lands: under their comment once it shows, else beside "Notify me of",
    # which follows the post button that said why the comment waits.
    place = comment_place(comment.pk) if comment.status == comment.Status.VISIBLE else FOLLOW_PLACE
    try:
        _subscriber, pending = subscription_create(
            thread=comment.thread, reader=reader, kinds=notify.cleaned_data["notify"],
            email=notify.cleaned_data["email"], cadence=notify.cleaned_data["notify_cadence"])
    except DomainError as exc:
        notice_add(request, messages.ERROR, exc.message, place=place)
        return
    # "Notify me of" shows the reader following (or waiting for their confirmation) too.
    notice_add(request, messages.INFO, confirm_message() if pending else subscribed_message(),
               place=place, state="pending" if pending else "following", state_also=(FOLLOW_PLACE,))


def subscribed_message() -> str:
    """Tell a signed-in reader who asked for emails with their comment that they will get them."""
    return _("You will get an email about new comments.")


def confirm_message() -> str:
    """Tell a guest that their subscriptions wait for the link sent to their address."""
    return _("Almost done: we sent you an email. Follow the link in it to confirm your address.")
