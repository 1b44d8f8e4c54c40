from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tribune.core.errors import DomainError
from tribune.newsroom.selectors import article_list_published

from . import conf
from .forms import CommentForm
from .models import Comment
from .services import comment_post, thread_for_article_get_or_create

PROMPT_COOKIE_AGE = 365 * 24 * 3600


@require_POST
def comment_create(request, article_id):
    """Post a comment from the form under an article, then go back to it."""
    article = get_object_or_404(article_list_published(), pk=article_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        thread = thread_for_article_get_or_create(article=article)
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], thread=thread).first()
        try:
            comment = comment_post(
                thread=thread,
                body=form.cleaned_data["body"],
                user=request.user if request.user.is_authenticated else None,
                guest_name=form.cleaned_data["name"],
                guest_email=form.cleaned_data["email"],
                parent=parent,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return HttpResponseRedirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "discussion/comment_form.html",
                  {"form": form, "article": article, "post_url": request.path}, status=400)


@require_POST
def prompt_dismiss(request):
    """Close the "please comment" prompt for this reader, for a year."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponse(status=204) if request.headers.get("X-Requested-With") == "fetch" \
        else HttpResponseRedirect(target)
    response.set_cookie(conf.get("DISCUSSION_PROMPT_COOKIE"), "1", max_age=PROMPT_COOKIE_AGE,
                        samesite="Lax", httponly=True)
    return response
