"""What the server writes of a comment and the page's script writes alike (comments/display.py)."""

from datetime import UTC, datetime

from django.test import override_settings
from django.utils import translation

from tribune.discussion.comments.display import comment_time_iso, comment_time_text, renderer_config

MOMENT = datetime(2025, 1, 5, 15, 4, 7, 123999, tzinfo=UTC)


def test_a_comments_time_is_written_as_the_browsers_intl_writes_it():
    # Intl.DateTimeFormat("en-US", {dateStyle: "medium", timeStyle: "short"}), and Date.toISOString().
    assert comment_time_text(MOMENT) == "Jan 5, 2025, 3:04 PM"
    assert comment_time_iso(MOMENT) == "2025-01-05T15:04:07.123Z"


@override_settings(SITE_LOCALE="de_DE", LANGUAGE_CODE="de-de", TIME_ZONE="Europe/Berlin")
def test_the_time_follows_the_sites_locale_and_time_zone():
    # A page of a German site is in German (LanguageMiddleware activates the site's language).
    with translation.override("de-de"):
        assert comment_time_text(MOMENT) == "05.01.2025, 16:04"
        config = renderer_config()
    assert comment_time_iso(MOMENT) == "2025-01-05T15:04:07.123Z"
    assert (config["locale"], config["timeZone"]) == ("de-DE", "Europe/Berlin")


@override_settings(SITE_LOCALE="pl_PL", LANGUAGE_CODE="pl-pl")
def test_every_plural_category_of_the_sites_language_has_its_words():
    # Polish counts 1, 2-4 and 5+ apart: Intl.PluralRules("pl-PL") answers one, few or many.
    with translation.override("pl-pl"):
        assert set(renderer_config()["text"]["comments"]) == {"one", "few", "many", "other"}


def test_the_renderer_knows_every_address_a_comment_links_to():
    urls = renderer_config()["urls"]
    assert urls == {"vote": "/discussion/comments/{id}/vote/", "edit": "/discussion/comments/{id}/edit/",
                    "delete": "/discussion/comments/{id}/delete/", "report": "/discussion/comments/{id}/report/"}
