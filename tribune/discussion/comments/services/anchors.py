"""Passages of articles that comments point at: created by readers' selections and editors'
questions, and found again whenever the article's text changes."""

from django.db import transaction
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError
from tribune.newsroom.services import article_cache_invalidate

from ..anchoring import Selector, locate, selector_at, text_of_html, word_bounds
from ..models import Anchor, Thread
from .threads import thread_touch

MAX_PASSAGE = 1000


class AnchorInvalidError(DomainError):
    code = "anchor_invalid"


def anchor_create(*, article, exact: str, prefix: str = "", suffix: str = "", start: int = 0,
                  end: int = 0, question: str = "", created_by=None) -> Anchor:
    """Store the passage a reader selected (or an editor marked) in `article`.

    The passage must be in the article's current text; where the given position no longer
    matches, it is found by its quote. Raises AnchorInvalidError.
    """
    selector = passage_locate(article=article, exact=exact, prefix=prefix, suffix=suffix, start=start,
                              end=end)
    return anchor_store(article=article, selector=selector, question=question, created_by=created_by)


def passage_locate(*, article, exact: str, prefix: str = "", suffix: str = "", start: int = 0,
                   end: int = 0) -> Selector:
    """Return where a selected passage is in the article's current text, grown to whole words,
    writing nothing. Raises AnchorInvalidError."""
    exact = (exact or "").strip()
    if not exact:
        raise AnchorInvalidError(_("Select some text of the article first."))
    if len(exact) > MAX_PASSAGE:
        raise AnchorInvalidError(_("Select at most %(n)s characters.") % {"n": MAX_PASSAGE})
    text = text_of_html(article.body_html)
    given = Selector(exact=exact, prefix=prefix[-64:], suffix=suffix[:64], start=max(0, start),
                     end=max(0, end))
    if text[given.start:given.end] == exact:
        found = given
    else:
        location = locate(given, text)
        if location.state != "anchored":
            raise AnchorInvalidError(_("That passage is not in the article as it stands now."))
        found = location.selector
    # Whole words, whatever a script sent: the page highlights and quotes exactly this.
    return selector_at(text, *word_bounds(text, found.start, found.end))


def anchor_store(*, article, selector: Selector, question: str = "", created_by=None) -> Anchor:
    """Store a located passage of `article`, or return the same reader's passage stored before."""
    existing = Anchor.objects.filter(article=article, exact=selector.exact, start=selector.start,
                                     question="").first()
    if existing is not None and not question:
        return existing
    # The page lists its passages: a new one makes the cached page stale.
    article_cache_invalidate(article_id=article.pk)
    return Anchor.objects.create(article=article, exact=selector.exact, prefix=selector.prefix,
                                 suffix=selector.suffix, start=selector.start, end=selector.end,
                                 question=(question or "").strip()[:300], created_by=created_by)


def anchors_relocate(*, article) -> dict[str, int]:
    """Find every passage of `article` again in its current text; return counts by state."""
    text = text_of_html(article.body_html)
    counts = {state: 0 for state in Anchor.State.values}
    with transaction.atomic():
        for anchor in Anchor.objects.select_for_update().filter(article=article):
            location = locate(Selector(exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix,
                                       start=anchor.start, end=anchor.end), text)
            found = location.selector
            anchor.state = location.state
            anchor.exact, anchor.prefix, anchor.suffix = found.exact, found.prefix, found.suffix
            anchor.start, anchor.end = found.start, found.end
            anchor.save(update_fields=["state", "exact", "prefix", "suffix", "start", "end", "updated_at"])
            counts[location.state] += 1
        thread = Thread.objects.filter(article=article).first()
        if thread is not None:
            thread_touch(thread=thread, counts_changed=False)
    return counts
