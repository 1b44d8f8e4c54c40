"""The moderators' page: queues, one-click and keyboard decisions, bans, and the log."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tribune.core.errors import DomainError
from tribune.core.ids import id_parse
from tribune.core.notices import notice_add
from tribune.core.ratelimit import RateLimitedError
from tribune.discussion.comments.identity import guest_key_remember, reader_from_request
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.places import comment_place
from tribune.discussion.comments.selectors import comment_for_reader, comment_url
from tribune.discussion.comments.views.comments import rate_limited_response

from .forms import AuthorBanForm, ModerationDecisionForm
from .models import Block, Report
from .selectors import QUEUES, ban_list, moderation_log, moderation_queue, queue_counts
from .services.decisions import (
    ReportDuplicateError,
    author_ban,
    ban_lift,
    comment_feature,
    comment_moderator_edit,
    comment_report,
    comments_moderate,
)

# How the answer names each kind of ban made.
BAN_WORDS = {
    Block.Kind.ACCOUNT: gettext_lazy("the account"),
    Block.Kind.EMAIL: gettext_lazy("the email address"),
    Block.Kind.GUEST: gettext_lazy("this browser"),
    Block.Kind.ADDRESS: gettext_lazy("this connection"),
}

moderator_required = permission_required("discussion.moderate_comment", login_url="admin:login")


@moderator_required
def moderation_queue_view(request, name="pending"):
    """One queue of comments waiting for a decision, newest or oldest first."""
    if name not in QUEUES:
        name = "pending"
    oldest = request.GET.get("order") == "oldest"
    return render(request, "moderation/queue.html", {
        "queue": name, "items": moderation_queue(queue=name, oldest_first=oldest),
        "counts": queue_counts(), "oldest": oldest, "queues": QUEUES,
    })


@moderator_required
@require_POST
def moderation_decide_view(request):
    """Approve, reject or mark as spam the chosen comments."""
    ids = [i for i in map(id_parse, request.POST.getlist("comment")) if i is not None]
    form = ModerationDecisionForm(request.POST)
    if not form.is_valid():
        return _answer(request, False, _form_errors(form))
    try:
        done = comments_moderate(comment_ids=ids, action=form.cleaned_data["action"],
                                 moderator=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return _answer(request, False, exc.message)
    return _answer(request, True, _("%(n)s comments updated.") % {"n": done}, ids=ids)


@moderator_required
@require_POST
def author_ban_view(request, comment_id):
    """Ban the author of a comment (what the moderator ticked: account, email, browser,
    connection), for a number of days or for good, and take the comment down."""
    comment = get_object_or_404(Comment, pk=comment_id)
    form = AuthorBanForm(request.POST)
    if not form.is_valid():
        return _answer(request, False, _form_errors(form))
    try:
        blocks = author_ban(comment=comment, moderator=request.user, reason=form.cleaned_data["reason"],
                            expires_at=form.expires_at(), kinds=form.cleaned_data["block"])
    except DomainError as exc:
        return _answer(request, False, exc.message)
    comments_moderate(comment_ids=[comment.pk], action="reject", moderator=request.user,
                      reason=_("Author banned"))
    blocked = ", ".join(str(BAN_WORDS[block.kind]) for block in blocks)
    return _answer(request, True, _("Banned: %(what)s. The comment was taken down.") % {"what": blocked},
                   ids=[comment.pk])


@moderator_required
@require_POST
def comment_feature_view(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, status=Comment.Status.VISIBLE)
    comment_feature(comment=comment, moderator=request.user, featured=request.POST.get("featured") != "0")
    return HttpResponseRedirect(comment_url(comment))


@moderator_required
@require_http_methods(["GET", "POST"])
def comment_moderator_edit_view(request, comment_id):
    """Change a comment's text with a note that readers see."""
    comment = get_object_or_404(Comment, pk=comment_id)
    error = ""
    if request.method == "POST":
        try:
            comment_moderator_edit(comment=comment, moderator=request.user,
                                   body=request.POST.get("body", ""), note=request.POST.get("note", ""))
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("The comment was edited."))
            return HttpResponseRedirect(reverse("moderation:home"))
    return render(request, "moderation/edit.html", {"comment": comment, "error": error},
                  status=400 if error else 200)


@moderator_required
def ban_list_view(request):
    """Every ban, with whom it blocks and why: moderators need not be admin staff to see it."""
    return render(request, "moderation/bans.html", {"bans": ban_list(), "kinds": BAN_WORDS})


@moderator_required
@require_POST
def ban_lift_view(request, ban_id):
    ban_lift(block=get_object_or_404(Block, pk=ban_id), moderator=request.user)
    messages.success(request, _("The ban was lifted."))
    return HttpResponseRedirect(reverse("moderation:bans"))


@moderator_required
def moderation_log_view(request):
    return render(request, "moderation/log.html", {"actions": moderation_log()})


@require_http_methods(["GET", "POST"])
def comment_report_view(request, comment_id):
    """A reader reports a comment, with a reason. Too many reports from one connection are
    answered 429 with Retry-After, like too many comments or votes."""
    comment = comment_for_reader(comment_id=comment_id)
    if comment is None or comment.status != Comment.Status.VISIBLE:
        return render(request, "moderation/report.html", {"gone": True}, status=404)
    error = ""
    if request.method == "POST":
        # A reader who has not commented or voted yet gets their guest key here, as a vote gives
        # one: a report counts once per reader and once per connection either way.
        reader = reader_from_request(request, issue_guest_key=True)
        try:
            comment_report(comment=comment, reader=reader,
                           reason=request.POST.get("reason", ""), note=request.POST.get("note", ""))
        except RateLimitedError as exc:
            return rate_limited_response(request, exc)
        except ReportDuplicateError as exc:
            # Sent twice (a second tab, the back button): the comment shows it is reported.
            return _reported(request, comment, reader, messages.INFO, exc.message)
        except DomainError as exc:
            error = exc.message
        else:
            return _reported(request, comment, reader, messages.SUCCESS,
                             _("Thank you. A moderator will look at this comment."))
    return render(request, "moderation/report.html",
                  {"comment": comment, "reasons": Report.Reason.choices, "error": error},
                  status=400 if error else 200)


def _reported(request, comment, reader, level, message):
    """Go back to the reported comment, which says `message` beside its Report control, now
    showing "Reported"."""
    notice_add(request, level, message, place=comment_place(comment.pk), state="reported")
    response = HttpResponseRedirect(comment_url(comment))
    guest_key_remember(response, reader)
    return response


def report_form_context() -> dict:
    """Return the context of the report form the embedded widget opens under a comment."""
    return {"reasons": Report.Reason.choices}


def _answer(request, ok, message, ids=()):
    if request.headers.get("X-Requested-With") == "fetch":
        # The queues' counts as they are now, for the page to show beside each queue's name.
        return JsonResponse({"ok": ok, "message": message, "ids": list(ids), "counts": queue_counts()},
                            status=200 if ok else 400)
    (messages.success if ok else messages.error)(request, message)
    return HttpResponseRedirect(_next(request))


def _next(request) -> str:
    """Return where the form asked to go back to: a page of this site, else the queue. Anything
    else would let a link that posts here send a moderator to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("moderation:home")


def _form_errors(form) -> str:
    return " ".join(f"{form.fields[name].label}: {message}" if name in form.fields else message
                    for name, errors in form.errors.items() for message in errors)
