"""The comment section's HTML endpoints: pages, and the forms a reader without JavaScript posts
(each redirects back to the comment, or shows the form again with the reason). With JavaScript,
the page's scripts do the same through the JSON API (/api/v1/); nothing here answers them."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tribune.core.errors import DomainError
from tribune.core.notices import notice_add
from tribune.core.ratelimit import RateLimitedError
from tribune.newsroom.selectors import article_list_published

from .. import conf
from ..form_parts import form_parts, form_parts_apply, form_parts_check
from ..forms import CommentEditForm, CommentForm, VoteForm
from ..identity import guest_key_remember, reader_from_request
from ..models import Comment
from ..places import FORM_PLACE, comment_place
from ..rules import comment_can_edit, comment_is_mine
from ..selectors import comment_for_reader, comment_url, thread_readable
from ..services import (
    comment_delete,
    comment_edit,
    comment_post,
    thread_for_article_get_or_create,
    vote_cast,
)

PROMPT_COOKIE_AGE = 365 * 24 * 3600


@require_POST
def comment_create_view(request, article_id):
    """Post a comment or a reply from the form under an article, then go back to it."""
    article = get_object_or_404(article_list_published(), pk=article_id)
    return _create(request, lambda: thread_for_article_get_or_create(article=article),
                   page=article.get_absolute_url(), title=article.headline, article=article)


@require_POST
def thread_comment_create_view(request, thread_id):
    """Post a comment or a reply from the form on the page this site keeps for a thread of a page
    elsewhere (views.embed.thread_page_view), then go back to it."""
    thread = thread_readable(thread_id=thread_id)
    if thread is None or thread.article_id:
        raise Http404
    return _create(request, lambda: thread, page=reverse("discussion:thread_page", args=[thread.pk]),
                   title=thread.page_title)


@require_POST
def comment_vote_view(request, comment_id):
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
        return _refused(request, comment, exc.message)
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
            return _edited(request, comment)
    return render(request, "discussion/comment_edit.html",
                  {"form": form, "comment": comment,
                   "can_edit": comment_can_edit(comment=comment, reader=reader),
                   "max_length": conf.get("DISCUSSION_MAX_LENGTH")}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def comment_delete_view(request, comment_id):
    """Delete one's own comment, after a confirmation."""
    comment = _comment_or_404(comment_id)
    reader = reader_from_request(request)
    if not comment_is_mine(comment=comment, reader=reader) or comment.is_deleted:
        raise Http404
    if request.method == "POST":
        comment_delete(comment=comment, reader=reader)
        messages.success(request, _("Your comment was deleted."))
        return HttpResponseRedirect(comment_url(comment))
    return render(request, "discussion/comment_delete.html", {"comment": comment})


@require_POST
def prompt_dismiss_view(request):
    """Close the "please comment" prompt for this reader, for a year. (With JavaScript, the page's
    script sets the same cookie itself.)"""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(conf.get("DISCUSSION_PROMPT_COOKIE"), "1", max_age=PROMPT_COOKIE_AGE,
                        samesite="Lax", httponly=True, secure=settings.SESSION_COOKIE_SECURE)
    return response


def rate_limited_response(request, exc: RateLimitedError):
    """Answer 429 with Retry-After and the reason in a page."""
    response = render(request, "discussion/rate_limited.html", {"message": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _create(request, thread, *, page: str, title: str, article=None):
    """Post the form's comment in `thread()` (made on the first comment), then go back to `page`;
    show the form again, with the reasons, when it is refused."""
    form = CommentForm(request.POST)
    reader = reader_from_request(request, issue_guest_key=True)
    if form.is_valid():
        for field, message in form_parts_check(data=request.POST, reader=reader):
            form.add_error(field, message)
        if not form.errors:
            try:
                data = form.cleaned_data
                comment = comment_post(
                    thread=thread(), body=data["body"], reader=reader,
                    guest_name=data["name"], guest_email=data["email"], parent_id=data["parent"],
                    anchor_id=None if data.get("anchor_off") else data.get("anchor") or None,
                    passage=_passage(data),
                )
            except RateLimitedError as exc:
                return rate_limited_response(request, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                form_parts_apply(request=request, comment=comment, reader=reader, data=request.POST)
                response = _posted(request, page, comment)
                guest_key_remember(response, reader)
                return response
    return render(request, "discussion/comment_form.html",
                  {"form": form, "article": article, "page_url": page, "page_title": title,
                   "post_url": request.path, "form_parts": form_parts(),
                   "max_length": conf.get("DISCUSSION_MAX_LENGTH")}, status=400)


def _posted(request, page, comment):
    if comment.status == Comment.Status.PENDING:
        # Said beside the post button, where the reader is back at, as the page's script does.
        notice_add(request, messages.INFO, _held_message(comment), place=FORM_PLACE)
        return HttpResponseRedirect(f"{page}#{FORM_PLACE}")
    return HttpResponseRedirect(f"{page}#{comment_place(comment.pk)}")


def _edited(request, comment):
    """Go back to the edited comment, or, when it waits for review, say why."""
    if comment.status != Comment.Status.PENDING:
        return HttpResponseRedirect(comment_url(comment))
    messages.info(request, _held_message(comment))
    if comment.thread.article_id is None:
        # A page elsewhere shows none of this site's messages: the edit page does.
        return HttpResponseRedirect(request.path)
    # Others no longer see it: the article's comment section, with the reason above it.
    return HttpResponseRedirect(f"{comment.thread.page_url}#comments")


def _passage(data) -> dict | None:
    """Return the reader's selection the comment is about, if any."""
    if not data.get("anchor_exact") or data.get("anchor_off"):
        return None
    return {"exact": data["anchor_exact"], "prefix": data.get("anchor_prefix") or "",
            "suffix": data.get("anchor_suffix") or "", "start": data.get("anchor_start") or 0,
            "end": data.get("anchor_end") or 0}


def _held_message(comment):
    """Tell the writer that their comment waits for a moderator, and why."""
    thanks = _("Thanks! Your comment awaits review by a moderator and will appear once approved.")
    return f"{thanks} {comment.moderation_reason}".strip()


def _comment_or_404(comment_id) -> Comment:
    comment = comment_for_reader(comment_id=comment_id)
    if comment is None:
        raise Http404
    return comment


def _refused(request, comment, message):
    messages.error(request, message)
    return HttpResponseRedirect(comment_url(comment))
