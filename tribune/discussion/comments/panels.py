"""The comment section on article pages (see newsroom.panels)."""

from django.urls import reverse

from tribune.newsroom.panels import list_badge_register, panel_register

from .models import Anchor
from .pages import section_context
from .selectors import comment_counts


def register() -> None:
    panel_register(slot="discussion", template="discussion/includes/section.html",
                   context=section_context)
    list_badge_register(template="discussion/includes/count_badge.html", contexts=_counts)
    panel_register(slot="preview", template="discussion/preview/questions.html", context=_questions)


def _questions(request, article):
    # Editors ask readers about a passage from the preview page, selecting it there.
    if not request.user.has_perm("discussion.add_anchor"):
        return None
    return {"action": reverse("discussion:passage_question_create", kwargs={"article_id": article.pk}),
            "questions": list(Anchor.objects.filter(article=article).exclude(question="").order_by("start"))}


def _counts(request, articles):
    counts = comment_counts(article_ids=[a.pk for a in articles])
    return {a.pk: {"count": counts[a.pk], "url": f"{a.get_absolute_url()}#comments"} for a in articles}
