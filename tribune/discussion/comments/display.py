"""How a comment is shown, said once for the templates and for the page's script (render.js).

The server writes a comment's time as CLDR's medium date and short time in the site's locale
and time zone, the format `Intl.DateTimeFormat(locale, {dateStyle: "medium", timeStyle:
"short"})` gives in the browser, so a comment drawn by the script reads as it will after a
reload. `renderer_config` is what render.js needs to draw a comment as comment.html does: the
translated words, the locale and time zone, and the addresses of a comment's forms and links.
"""

import functools
from datetime import UTC

from babel import Locale
from babel.dates import format_date, format_time
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext

from tribune.core.languages import formatting_locale, formatting_tag

from .marks import author_mark_labels
from .selectors import MAX_DEPTH

# Chromium writes a plain space where CLDR puts a narrow no-break space ("3:04 PM"); so do we.
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def comment_time_text(moment) -> str:
    """Return `moment` as the page shows a comment's time: "Jan 5, 2025, 3:04 PM" in en-US."""
    locale = Locale.parse(formatting_locale())
    local = timezone.localtime(moment)
    glue = locale.datetime_formats["medium"]
    text = glue.format(format_time(local, "short", locale=locale),
                       format_date(local, "medium", locale=locale))
    return text.translate(_SPACES)


def comment_time_iso(moment) -> str:
    """Return `moment` in UTC to the millisecond, as JavaScript's Date.toISOString() writes it."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def renderer_config() -> dict:
    """Return what render.js needs to draw comments as comment.html does, in the active language."""
    return {
        "locale": formatting_tag(),
        "timeZone": timezone.get_current_timezone_name(),
        # Replies indent this deep at most (the API's depth goes deeper).
        "maxDepth": MAX_DEPTH,
        "marks": author_mark_labels(),
        "urls": {name: _address(route) for name, route in (
            ("vote", "discussion:comment_vote"), ("edit", "discussion:comment_edit"),
            ("delete", "discussion:comment_delete"), ("report", "moderation:report"))},
        "text": {
            "anonymous": gettext("Anonymous"),
            "deleted": gettext("Deleted"),
            "removed": gettext("Removed"),
            "guest": gettext("Guest"),
            "edited": gettext("edited"),
            "awaitingReview": gettext("Awaiting review"),
            "wasDeleted": gettext("This comment was deleted."),
            "waitsForModerator": gettext("This comment is waiting for a moderator."),
            "removedByModerator": gettext("This comment was removed by a moderator."),
            "passageGone": gettext("The article has changed since: this passage is no longer in it."),
            "moderatorNote": gettext("Edited by a moderator: %(note)s"),
            "voteUp": gettext("Vote up (%(count)s)"),
            "voteDown": gettext("Vote down (%(count)s)"),
            "reply": gettext("Reply"),
            "edit": gettext("Edit"),
            "delete": gettext("Delete"),
            "report": gettext("Report"),
            "truncated": pgettext("String to return when truncating text", "%(truncated_text)s…"),
            "comments": _plural_forms("%(counter)s comment", "%(counter)s comments"),
            # What a passage's marker in the article says to screen readers (inline.js).
            "passageComments": _plural_forms_by(lambda number: ngettext(
                "%(counter)s comment on this passage", "%(counter)s comments on this passage", number)),
            "held": gettext(
                "Thanks! Your comment awaits review by a moderator and will appear once approved."),
            "noAnswers": gettext("No answers yet."),
            # Live updates (live.js): the button that shows comments posted since the page
            # opened, and what screen readers are told, politely.
            "newComments": _plural_forms("%(counter)s new comment", "%(counter)s new comments"),
            "liveEdited": gettext("A comment was edited."),
            "liveRemoved": gettext("A comment was deleted."),
        },
    }


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """Return words with a number for the browser to choose from, as renderer_config's
    "comments" (the embedded widget's own words use it)."""
    return _plural_forms(singular, plural)


def _address(route: str) -> str:
    """Return the address of `route` for any comment, with "{id}" where the comment's id goes."""
    return reverse(route, args=[0]).replace("/0/", "/{id}/")


def _plural_forms(singular: str, plural: str) -> dict[str, str]:
    """Return the translated text for each plural category of the page's locale (CLDR's "one",
    "few", "other"...), which the browser picks with Intl.PluralRules."""
    return _plural_forms_by(lambda number: ngettext(singular, plural, number))


def _plural_forms_by(words) -> dict[str, str]:
    """Return `words(number)` for a number of each plural category of the page's locale. (Written
    as an ngettext call where it is used, makemessages finds the words for the catalogues.)"""
    return {category: words(number) for category, number in _plural_samples(formatting_locale()).items()}


@functools.cache
def _plural_samples(site_locale: str) -> dict[str, int]:
    """Return a whole number of each plural category of `site_locale`."""
    locale = Locale.parse(site_locale)
    samples: dict[str, int] = {}
    # Every category of every locale shows up among the first two hundred whole numbers.
    for number in range(200):
        samples.setdefault(locale.plural_form(number), number)
    # "other" is the browser's fallback; some languages keep it for fractions (Polish).
    samples.setdefault("other", max(samples.values()))
    return samples
