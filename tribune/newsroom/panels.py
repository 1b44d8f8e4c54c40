"""Article page panels: how other apps put their blocks on the article page.

Newsroom must not import the apps built on it, yet the article page shows a goal meter, calls to
give and the comments. Those apps register a panel here from their AppConfig.ready(): a slot, a
template, and a function that returns the template's context for one article (or None to show
nothing). The article view builds every panel's context before rendering, so templates never
query.

Slots, in page order: "masthead" (above everything), "before_headline", "after_body", "discussion".
The "preview" slot shows only on an article's private preview page, for the editors' tools (it is
never on a published page, so never in the page cache).

Article pages are cached (newsroom.cache). An app whose panel shows data that changes calls
newsroom.services.article_cache_invalidate(article_id=...) in the transaction that changes it.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from .models import Article

SLOTS = ("masthead", "before_headline", "after_body", "discussion", "preview")
# The slots of a published article's page; the preview page has only "preview".
PAGE_SLOTS = ("masthead", "before_headline", "after_body", "discussion")


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    context: Callable[[HttpRequest, Article], dict | None]
    order: int = 0


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict


_registry: dict[str, list[Panel]] = defaultdict(list)


def panel_register(*, slot: str, template: str, context, order: int = 0) -> None:
    """Show `template` in `slot` of every article page whose `context` returns a dict."""
    if slot not in SLOTS:
        raise ValueError(f"unknown article panel slot {slot!r}; use one of {', '.join(SLOTS)}")
    panel = Panel(slot=slot, template=template, context=context, order=order)
    if panel not in _registry[slot]:
        _registry[slot].append(panel)
        _registry[slot].sort(key=lambda p: p.order)


def panels_for_article(*, request: HttpRequest, article: Article,
                       slots: tuple[str, ...] = PAGE_SLOTS) -> dict[str, list[RenderedPanel]]:
    """Return each of `slots`' panels for `article`, with their contexts built."""
    rendered: dict[str, list[RenderedPanel]] = {slot: [] for slot in SLOTS}
    for slot in slots:
        for panel in _registry[slot]:
            context = panel.context(request, article)
            if context is not None:
                rendered[slot].append(RenderedPanel(template=panel.template, context=context))
    return rendered


@dataclass(frozen=True)
class ListBadge:
    template: str
    # Called once per list with all its articles; returns a context per article id.
    contexts: Callable[[HttpRequest, list[Article]], dict[int, dict]]


_badges: list[ListBadge] = []


def list_badge_register(*, template: str, contexts) -> None:
    """Show `template` beside every article in lists of articles (front, section, tag pages).

    `contexts(request, articles)` answers for a whole list at once, so a badge costs one query per
    page, not one per article.
    """
    badge = ListBadge(template=template, contexts=contexts)
    if badge not in _badges:
        _badges.append(badge)


def article_list_badges(*, request: HttpRequest, articles: list[Article]) -> list[Article]:
    """Attach `badges` (a list of RenderedPanel) to each article of a list, and return the list."""
    articles = list(articles)
    for article in articles:
        article.badges = []
    for badge in _badges:
        contexts = badge.contexts(request, articles)
        for article in articles:
            if article.pk in contexts:
                article.badges.append(RenderedPanel(template=badge.template, context=contexts[article.pk]))
    return articles
