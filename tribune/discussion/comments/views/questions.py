"""Editors ask readers a question about a passage, from the article's preview page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tribune.core.errors import DomainError
from tribune.newsroom.models import Article

from ..services.anchors import anchor_create

QUESTION_MAX = 300


@permission_required("discussion.add_anchor", login_url="admin:login")
@require_POST
def passage_question_create_view(request, article_id):
    """Mark the passage the editor selected on the preview page and ask readers `question`
    about it; back to the preview, which lists the article's questions."""
    article = get_object_or_404(Article, pk=article_id)
    question = " ".join(request.POST.get("question", "").replace("\x00", "").split())
    if not question:
        messages.error(request, _("Write the question readers will see beside the passage."))
    elif len(question) > QUESTION_MAX:
        messages.error(request, _("A question is at most %(n)s characters.") % {"n": QUESTION_MAX})
    else:
        try:
            anchor_create(article=article, exact=_field(request, "exact", 1000),
                          prefix=_field(request, "prefix", 64), suffix=_field(request, "suffix", 64),
                          start=_number(request, "start"), end=_number(request, "end"),
                          question=question, created_by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your question is on the passage. Readers see it once the "
                                        "article is published."))
    return HttpResponseRedirect(article.get_preview_url() + "#passage-questions")


def _field(request, name: str, limit: int) -> str:
    return request.POST.get(name, "").replace("\x00", "")[:limit * 4]


def _number(request, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdecimal() and len(value) < 9 else 0
