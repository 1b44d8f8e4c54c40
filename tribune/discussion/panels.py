"""The comment section on article pages (see newsroom.panels)."""

from tribune.newsroom.panels import panel_register

from .pages import section_context


def register() -> None:
    panel_register(slot="discussion", template="discussion/includes/section.html",
                   context=lambda request, article: section_context(request, article))
