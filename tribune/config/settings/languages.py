"""The site's language, the languages readers may choose, and where the catalogues are."""

from pathlib import Path

from babel import Locale, UnknownLocaleError

from .env import EnvError, env_str

# The languages Tribune is translated into (a catalogue each under locale/), with their own
# names: a reader choosing among them reads each in its own language.
TRANSLATED = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "ru": "Русский",
    "ar": "العربية",
}


def site_locale() -> str:
    """Return SITE_LOCALE as a CLDR identifier (en_US), after checking Babel knows it."""
    raw = env_str("SITE_LOCALE") or "en-US"
    try:
        return str(Locale.parse(raw.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        raise EnvError(
            "SITE_LOCALE", f"unknown locale {raw!r}; write a language tag like en-US or fr-FR"
        ) from None


def reader_languages(site_language: str) -> list[tuple[str, str]]:
    """Return Django's LANGUAGES: the site's language first, then READER_LANGUAGES.

    With READER_LANGUAGES unset every page is in the site's language. Set, a reader's
    Accept-Language header picks among the listed languages and the site's own; a language
    Tribune has no catalogue for is refused at start, since its pages would be half English.
    """
    site_base = site_language.split("-")[0]
    languages = [(site_language, TRANSLATED.get(site_base, site_language))]
    for item in (env_str("READER_LANGUAGES") or "").split(","):
        code = item.strip().lower()
        if not code:
            continue
        if code not in TRANSLATED:
            raise EnvError("READER_LANGUAGES", f"no translation for {item.strip()!r}; "
                                               f"Tribune is translated into {', '.join(TRANSLATED)}")
        if code != site_base and code not in (c for c, _ in languages):
            languages.append((code, TRANSLATED[code]))
    return languages


def locale_paths(package_dir: Path) -> list[Path]:
    """Return where the catalogues are: one folder for every app, inside the package."""
    return [package_dir / "locale"]
