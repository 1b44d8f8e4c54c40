"""Pages for email subscriptions: follow a thread, confirm, manage, unsubscribe.

The comment form's "Notify me of" part is in form_part.py.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tribune.core.errors import DomainError
from tribune.core.notices import notice_add
from tribune.discussion.comments.identity import reader_from_request
from tribune.discussion.comments.places import FOLLOW_PLACE
from tribune.discussion.comments.services.threads import thread_for_article_get_or_create
from tribune.newsroom.selectors import article_list_published

from . import tokens
from .form_part import confirm_message
from .forms import ManageForm, NotifyForm
from .selectors import mentions_allowed, subscriber_get, subscription_rows
from .services.subscribers import subscriber_for_email
from .services.subscriptions import (
    preference_set,
    subscription_change,
    subscription_confirm,
    subscription_confirm_pending,
    subscription_create,
    unsubscribe,
)


@require_POST
def thread_follow_view(request, article_id):
    """Follow an article's discussion without commenting."""
    article = get_object_or_404(article_list_published(), pk=article_id)
    reader = reader_from_request(request)
    form = NotifyForm(request.POST, registered=reader.user is not None, require_choice=True)
    status = 400
    if form.is_valid():
        thread = thread_for_article_get_or_create(article=article)
        try:
            _subscriber, pending = subscription_create(
                thread=thread, reader=reader, kinds=form.cleaned_data["notify"],
                email=form.cleaned_data["email"], cadence=form.cleaned_data["notify_cadence"])
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            # Back to "Follow without commenting", which says what happened and shows it followed.
            followed = _("You now follow this discussion. We will email you about new comments.")
            notice_add(request, messages.SUCCESS, confirm_message() if pending else followed,
                       place=FOLLOW_PLACE, state="pending" if pending else "following")
            return HttpResponseRedirect(f"{article.get_absolute_url()}#{FOLLOW_PLACE}")
    return render(request, "notifications/follow.html",
                  {"form": form, "article": article}, status=status)


@require_http_methods(["GET", "POST"])
def subscription_confirm_view(request, token):
    """Show what a confirmation link confirms; confirm it with one button."""
    try:
        subscriber_id, _email = tokens.confirm_token_read(token)
        subscriber = subscriber_get(subscriber_id=subscriber_id)
        if subscriber is None or subscriber.email != _email:
            raise tokens.TokenInvalidError()
        if request.method == "POST":
            subscription_confirm(token=token)
            messages.success(request, _("Thank you: your email address is confirmed."))
            return HttpResponseRedirect(tokens.manage_path(subscriber_id=subscriber.pk))
    except tokens.TokenInvalidError as exc:
        return render(request, "notifications/link_invalid.html",
                      {"expired": exc.expired}, status=400)
    pending = [row for row in subscription_rows(subscriber=subscriber)
               if row.subscription.confirmed_at is None]
    return render(request, "notifications/confirm.html",
                  {"subscriber": subscriber, "pending": pending})


@require_http_methods(["GET", "POST"])
def subscriptions_manage_view(request, token):
    """Every subscription of one address, reached from a link in any email; no account needed."""
    try:
        subscriber = subscriber_get(subscriber_id=tokens.manage_token_read(token))
    except tokens.TokenInvalidError:
        subscriber = None
    if subscriber is None:
        return render(request, "notifications/link_invalid.html", {"expired": False}, status=400)
    form = ManageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                messages.success(request, _manage_apply(subscriber, form.cleaned_data))
            except DomainError as exc:
                messages.error(request, exc.message)
            return HttpResponseRedirect(request.path)
        messages.error(request, _("That change could not be made. Try again."))
        return HttpResponseRedirect(request.path)
    rows = subscription_rows(subscriber=subscriber)
    context = {
        "subscriber": subscriber,
        "rows": rows,
        "has_pending": any(row.subscription.confirmed_at is None for row in rows),
        "mentions": mentions_allowed(user=subscriber.user) if subscriber.user_id else None,
        "cadences": ManageForm.base_fields["cadence"].choices,
    }
    return render(request, "notifications/manage.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    """One-click unsubscribe: the email's link shows one button; mail programs POST here
    directly (RFC 8058, List-Unsubscribe-Post), which is why there is no CSRF token to check."""
    try:
        subscriber_id, scope = tokens.unsubscribe_token_read(token)
    except tokens.TokenInvalidError:
        subscriber_id, scope = 0, ""
    subscriber = subscriber_get(subscriber_id=subscriber_id) if subscriber_id else None
    if subscriber is None:
        return render(request, "notifications/link_invalid.html", {"expired": False}, status=400)
    manage = tokens.manage_path(subscriber_id=subscriber.pk)
    if request.method == "POST":
        try:
            done = unsubscribe(subscriber=subscriber, scope=scope)
        except DomainError as exc:
            return render(request, "notifications/link_invalid.html",
                          {"expired": False, "message": exc.message}, status=exc.status)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(done, content_type="text/plain; charset=utf-8")
        return render(request, "notifications/unsubscribed.html",
                      {"subscriber": subscriber, "done": done, "manage_url": manage})
    return render(request, "notifications/unsubscribe.html",
                  {"subscriber": subscriber, "scope": scope, "manage_url": manage,
                   "what": _scope_text(subscriber, scope)})


@require_GET
def subscriptions_mine_view(request):
    """A signed-in reader's way to their subscriptions page; others get the links in emails."""
    reader = reader_from_request(request)
    if reader.user is not None and reader.user.email:
        subscriber = subscriber_for_email(email=reader.user.email, user=reader.user)
        return HttpResponseRedirect(tokens.manage_path(subscriber_id=subscriber.pk))
    return render(request, "notifications/mine.html")


def _manage_apply(subscriber, data) -> str:
    action = data["action"]
    if action == "cadence":
        subscription_change(subscriber=subscriber, subscription_id=data["subscription"],
                            cadence=data["cadence"])
        return _("Your choice is saved.")
    if action == "stop":
        return unsubscribe(subscriber=subscriber, scope=f"s{data['subscription']}")
    if action == "stop_all":
        return unsubscribe(subscriber=subscriber, scope=tokens.SCOPE_ALL)
    if action == "confirm":
        subscription_confirm_pending(subscriber=subscriber)
        return _("Your subscriptions are confirmed.")
    if subscriber.user_id is None:
        return _("Mention emails are for registered readers.")
    preference_set(user=subscriber.user, notify_mentions=data["mentions"])
    return _("You will get an email when someone mentions you.") if data["mentions"] else \
        _("You will get no more email when someone mentions you.")


def _scope_text(subscriber, scope) -> str:
    if scope == tokens.SCOPE_ALL:
        return _("all email from us to %(email)s") % {"email": subscriber.email}
    if scope == tokens.SCOPE_DAILY:
        return _("your daily digests")
    if scope == tokens.SCOPE_MENTIONS:
        return _("emails when someone mentions you")
    for row in subscription_rows(subscriber=subscriber):
        if f"s{row.subscription.pk}" == scope:
            return _("emails about the discussion on “%(title)s”") % {"title": row.title}
    return _("emails about a discussion you no longer follow")

