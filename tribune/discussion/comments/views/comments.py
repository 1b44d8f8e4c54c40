"""The comment section's HTML endpoints. Every form works without JavaScript (post, then
redirect back to the comment); section.js sends the same forms with fetch and receives the same
markup to put in place."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tribune.core.errors import DomainError
from tribune.core.ratelimit import RateLimitedError
from tribune.newsroom.selectors import article_list_published

from .. import conf
from ..form_parts import form_parts, form_parts_apply, form_parts_check
from ..forms import CommentEditForm, CommentForm, VoteForm
from ..identity import guest_key_remember, reader_from_request
from ..models import Comment
from ..pages import section_context
from ..selectors import comment_counts, comment_for_reader, comment_url, node_for_comment
from ..services import (
    comment_can_edit,
    comment_delete,
    comment_edit,
    comment_is_mine,
    comment_post,
    thread_accepts_comments,
    thread_for_article_get_or_create,
    vote_cast,
)

PROMPT_COOKIE_AGE = 365 * 24 * 3600


@require_POST
def comment_create(request, article_id):
    """Post a comment or a reply from the form under an article, then go back to it."""
    article = get_object_or_404(article_list_published(), pk=article_id)
    form = CommentForm(request.POST)
    reader = reader_from_request(request, issue_guest_key=True)
    if form.is_valid():
        for field, message in form_parts_check(data=request.POST, reader=reader):
            form.add_error(field, message)
        thread = thread_for_article_get_or_create(article=article)
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], thread=thread).first()
            if parent is None:
                form.add_error(None, _("The comment you are replying to is not available."))
        if not form.errors:
            try:
                comment = comment_post(
                    thread=thread, body=form.cleaned_data["body"], reader=reader,
                    guest_name=form.cleaned_data["name"], guest_email=form.cleaned_data["email"],
                    parent=parent, anchor_id=form.cleaned_data.get("anchor") or None,
                    passage=_passage(form.cleaned_data),
                )
            except RateLimitedError as exc:
                return rate_limited_response(request, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                form_parts_apply(request=request, comment=comment, reader=reader, data=request.POST)
                response = _posted(request, article, comment, reader)
                guest_key_remember(response, reader)
                return response
    if _wants_fragment(request):
        return JsonResponse({"errors": _form_errors(form)}, status=400)
    return render(request, "discussion/comment_form.html",
                  {"form": form, "article": article, "post_url": request.path, "form_parts": form_parts(),
                   "max_length": conf.get("DISCUSSION_MAX_LENGTH")}, status=400)


@require_GET
def comment_list(request, article_id):
    """The comment list alone (sort order, all comments), for section.js to put in place."""
    article = get_object_or_404(article_list_published(), pk=article_id)
    context = section_context(request, article)
    # The answers opened from a passage's marker: the comments alone, without the list's controls.
    template = "discussion/includes/list.html"
    if request.GET.get("anchor"):
        template = "discussion/includes/panel_list.html"
    html = render_to_string(template, context, request=request)
    return HttpResponse(html)


@require_POST
def comment_vote(request, comment_id):
    """Vote a comment up or down, or withdraw the vote."""
    comment = _comment_or_404(comment_id)
    form = VoteForm(request.POST)
    reader = reader_from_request(request, issue_guest_key=True)
    if not form.is_valid():
        return _refused(request, comment, _("A vote is up, down or withdrawn."))
    try:
        comment = vote_cast(comment=comment, reader=reader, value=form.cleaned_data["value"])
    except RateLimitedError as exc:
        return rate_limited_response(request, exc)
    except DomainError as exc:
        return _refused(request, comment, exc.message, status=exc.status)
    if _wants_fragment(request):
        response = JsonResponse({"score": comment.score, "upvotes": comment.upvotes,
                                 "downvotes": comment.downvotes, "my_vote": form.cleaned_data["value"]})
    else:
        response = HttpResponseRedirect(comment_url(comment))
    guest_key_remember(response, reader)
    return response


@require_http_methods(["GET", "POST"])
def comment_edit_view(request, comment_id):
    """Change one's own comment while the edit window is open. The new text meets the checks of a
    post: a refusal shows the form again with the reason; text sent back to review tells the
    writer why, as a held post does. Nobody edits another person's comment here: a moderator
    asking for the page is sent to the moderators' edit, with its note and log entry."""
    comment = _comment_or_404(comment_id)
    reader = reader_from_request(request)
    if not comment_is_mine(comment=comment, reader=reader):
        if request.method == "GET" and request.user.has_perm("discussion.moderate_comment"):
            return HttpResponseRedirect(reverse("moderation:edit", args=[comment.pk]))
        raise Http404
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            comment = comment_edit(comment=comment, reader=reader, body=form.cleaned_data["body"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return _edited(request, comment, reader)
    status = 400 if form.errors else 200
    if _wants_fragment(request) and form.errors:
        return JsonResponse({"errors": _form_errors(form)}, status=status)
    return render(request, "discussion/comment_edit.html",
                  {"form": form, "comment": comment,
                   "can_edit": comment_can_edit(comment=comment, reader=reader),
                   "max_length": conf.get("DISCUSSION_MAX_LENGTH")}, status=status)


@require_http_methods(["GET", "POST"])
def comment_delete_view(request, comment_id):
    """Delete one's own comment, after a confirmation."""
    comment = _comment_or_404(comment_id)
    reader = reader_from_request(request)
    if not comment_is_mine(comment=comment, reader=reader) or comment.is_deleted:
        raise Http404
    if request.method == "POST":
        comment_delete(comment=comment, reader=reader)
        if _wants_fragment(request):
            return JsonResponse({"html": _comment_html(request, comment, reader)})
        messages.success(request, _("Your comment was deleted."))
        return HttpResponseRedirect(comment_url(comment))
    return render(request, "discussion/comment_delete.html", {"comment": comment})


@require_POST
def prompt_dismiss(request):
    """Close the "please comment" prompt for this reader, for a year."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponse(status=204) if _wants_fragment(request) else HttpResponseRedirect(target)
    response.set_cookie(conf.get("DISCUSSION_PROMPT_COOKIE"), "1", max_age=PROMPT_COOKIE_AGE,
                        samesite="Lax", httponly=True, secure=settings.SESSION_COOKIE_SECURE)
    return response


def _posted(request, article, comment, reader):
    held = comment.status == Comment.Status.PENDING
    if _wants_fragment(request):
        total = comment_counts(threads=[comment.thread_id])[comment.thread_id]
        return JsonResponse({
            "id": comment.pk,
            "parent": comment.parent_id,
            "held": held,
            "message": _held_message(comment) if held else "",
            "html": "" if held else _comment_html(request, comment, reader),
            "count_label": ngettext("%(count)s comment", "%(count)s comments", total) % {"count": total},
            # What the page would show after a reload (a subscription to confirm, say), shown now.
            "notices": [str(message) for message in messages.get_messages(request)],
        }, status=201)
    if held:
        messages.info(request, _held_message(comment))
        return HttpResponseRedirect(f"{article.get_absolute_url()}#comments")
    return HttpResponseRedirect(f"{article.get_absolute_url()}#comment-{comment.pk}")


def _edited(request, comment, reader):
    """Answer a saved edit: the comment in place, or, when it waits for review, why."""
    held = comment.status == Comment.Status.PENDING
    if _wants_fragment(request):
        return JsonResponse({"html": _comment_html(request, comment, reader), "held": held,
                             "message": _held_message(comment) if held else ""})
    if held:
        messages.info(request, _held_message(comment))
        if comment.thread.article_id is None:
            # A page elsewhere shows none of this site's messages: the edit page does.
            return HttpResponseRedirect(request.path)
        # Others no longer see it: the article's comment section, with the reason above it.
        return HttpResponseRedirect(f"{comment.thread.page_url}#comments")
    return HttpResponseRedirect(comment_url(comment))


def _passage(data) -> dict | None:
    """Return the reader's selection the comment is about, if any."""
    if not data.get("anchor_exact"):
        return None
    return {"exact": data["anchor_exact"], "prefix": data.get("anchor_prefix") or "",
            "suffix": data.get("anchor_suffix") or "", "start": data.get("anchor_start") or 0,
            "end": data.get("anchor_end") or 0}


def _held_message(comment):
    """Tell the writer that their comment waits for a moderator, and why."""
    thanks = _("Thanks! Your comment awaits review by a moderator and will appear once approved.")
    return f"{thanks} {comment.moderation_reason}".strip()


def _comment_html(request, comment, reader):
    node = node_for_comment(comment=comment, reader=reader)
    return render_to_string("discussion/includes/comment.html",
                            {"node": node, "is_open": thread_accepts_comments(thread=comment.thread)},
                            request=request)


def _comment_or_404(comment_id) -> Comment:
    comment = comment_for_reader(comment_id=comment_id)
    if comment is None:
        raise Http404
    return comment


def _refused(request, comment, message, status=400):
    if _wants_fragment(request):
        return JsonResponse({"errors": [message]}, status=status)
    messages.error(request, message)
    return HttpResponseRedirect(comment_url(comment))


def rate_limited_response(request, exc: RateLimitedError):
    """Answer 429 with Retry-After: a message in the page, or JSON for section.js."""
    if _wants_fragment(request):
        response = JsonResponse({"errors": [exc.message]}, status=429)
    else:
        response = render(request, "discussion/rate_limited.html", {"message": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _wants_fragment(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _form_errors(form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]
