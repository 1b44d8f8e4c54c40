"""The comment section on article pages (see newsroom.panels)."""

from tribune.newsroom.panels import list_badge_register, panel_register

from .pages import section_context
from .selectors import comment_counts


def register() -> None:
    panel_register(slot="discussion", template="discussion/includes/section.html",
                   context=section_context)
    list_badge_register(template="discussion/includes/count_badge.html", contexts=_counts)


def _counts(request, articles):
    counts = comment_counts(article_ids=[a.pk for a in articles])
    return {a.pk: {"count": counts[a.pk], "url": f"{a.get_absolute_url()}#comments"} for a in articles}
