"""The locale that numbers, money and dates are written in: the language of the page.

SITE_LOCALE names the site's language and region (fr_CA: French, Canadian conventions). A page
in another language a reader chose (READER_LANGUAGES) is written in that language's own
conventions, with the site's region when CLDR knows the pair (es with US gives es_US) and
the language's usual ones otherwise (ru with US gives ru).
"""

import functools

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def formatting_locale() -> str:
    """Return the CLDR identifier (fr_FR) for the active language."""
    return _locale_for(translation.get_language() or settings.LANGUAGE_CODE, settings.SITE_LOCALE)


def formatting_tag() -> str:
    """Return formatting_locale() as a language tag for the browser's Intl functions (fr-FR)."""
    return formatting_locale().replace("_", "-")


@functools.cache
def _locale_for(language: str, site_locale: str) -> str:
    site = Locale.parse(site_locale)
    wanted = language.replace("-", "_").split("_")[0]
    if wanted == site.language:
        return site_locale
    if site.territory:
        try:
            return str(Locale.parse(f"{wanted}_{site.territory}"))
        except (ValueError, UnknownLocaleError):
            pass
    return str(Locale.parse(wanted))


def email_language(language: str) -> str:
    """Return the language to write an email in for a reader who read the site in `language`.

    The reader's own language when the site still offers it (READER_LANGUAGES), else the site's:
    an email in a language the site no longer offers could not link to pages in it.
    """
    if language:
        try:
            return translation.get_supported_language_variant(language)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, for a site that may offer only its own language.

    With one language (READER_LANGUAGES unset) every page is in it, whatever the request says,
    and answers do not vary by Accept-Language: a shared cache keeps one copy, not one per
    header a browser sends. With several, Django's choice applies (the language cookie, then
    Accept-Language, among LANGUAGES) and answers say they vary.
    """

    def process_request(self, request):
        if len(settings.LANGUAGES) > 1:
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None

    def process_response(self, request, response):
        if len(settings.LANGUAGES) > 1:
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        return response
