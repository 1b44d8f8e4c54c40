"""Every user-facing string is translated into every language Tribune ships, and what the
server loads (.mo) is what the translators wrote (.po)."""

import os
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.test import override_settings

from tribune.config.settings.languages import TRANSLATED

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale"
LANGUAGES = sorted(set(TRANSLATED) - {"en"})
# %(name)s, %s, %d and the like: a translation must keep exactly the source's.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif]|\{\w*\}")


def _catalogue(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory):
    """Extract every string of the code and templates afresh, as `make messages` does."""
    out = tmp_path_factory.mktemp("extracted")
    here = os.getcwd()
    os.chdir(PACKAGE.parent)
    try:
        with override_settings(LOCALE_PATHS=[out]):
            call_command("makemessages", locale=["en"], no_location=True, verbosity=0,
                         ignore_patterns=[".venv", "bench", "var", "scripts", "*/tests/*",
                                                          "tribune/locale"])
    finally:
        os.chdir(here)
    with open(out / "en" / "LC_MESSAGES" / "django.po", "rb") as po:
        return {(message.context, message.id) for message in read_po(po) if message.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_user_facing_string_lacks_a_translation(language, source_messages):
    catalogue = _catalogue(language)
    missing, fuzzy = [], []
    for key in sorted(source_messages, key=str):
        context, msgid = key
        message = catalogue.get(msgid, context=context)
        if message is None:
            missing.append(key)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            fuzzy.append(key)
    assert not missing, f"{len(missing)} strings not in the {language} catalogue (run `make messages`): {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} strings untranslated or fuzzy in {language}: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for message in _catalogue(language):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(sources[-1]))
        for string in strings:
            # A plural form may leave the number out ("one comment"); it never adds one.
            found = sorted(PLACEHOLDER.findall(string))
            if string and not set(found) <= set(wanted) | set(PLACEHOLDER.findall(sources[0])) or string and len(sources) == 1 and found != wanted:
                wrong.append((sources[0], string))
    assert not wrong, f"{language}: placeholders changed in {wrong[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_written_one(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = {_key(m): _strings(m) for m in read_mo(mo) if m.id}
    written = {_key(m): _strings(m) for m in _catalogue(language) if m.id and not m.fuzzy}
    assert compiled == written, f"{language}: django.mo is stale; run `make messages`"


def _key(message) -> tuple:
    ids = message.id if isinstance(message.id, list | tuple) else (message.id,)
    context = message.context
    # Babel's .mo reader leaves a context as bytes.
    return (context.decode() if isinstance(context, bytes) else context, *ids)


def _strings(message) -> tuple:
    return tuple(message.string) if isinstance(message.string, list | tuple) else (message.string,)
