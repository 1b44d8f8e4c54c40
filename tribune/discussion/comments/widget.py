"""embed.js: the comment section other sites embed, served as one file with no build step.

The bundle is made at serve time from the static files listed below, in order, each run with
`this` set to one scope object inside one function, so that files share names through that
object and the page sees one global only (TribuneEmbed, from main.js). render.js is the same
file Tribune's own pages load: there `this` is the window and it defines TribuneComments.
Before the files comes what the server knows and the files need, rendered in the active
language: the words (`scope.words`, and render.js's config in `scope.renderer`), the section's
empty shell in the native markup (`scope.shell`: the section's own templates, so the widget's
form, sorts and list are the page's), the stylesheet (`scope.css`) and where the live server is
(`scope.live`, empty without one). The whole is minified with its local names shortened
(calmjs.parse; the stylesheet by rcssmin), gzipped once (zopfli), and both are kept per language
and deploy: embed.js must stay within 10 KB gzipped (tests/test_embed_script.py).

Other rooms add to the widget without the comment section importing them, as they do to the
comment form (form_parts): `widget_part_register` names a template rendered into the shell as
`<template data-part="key">` and a script added to the bundle. A part's script pushes
`attach(root, tools)` onto `scope.parts`; each thread calls it with its Shadow DOM root and the
tools thread.js lists (the API call with the guest's key, the renderer, panels, messages).
"""

import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import rcssmin
import zopfli.gzip
from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext

from . import conf
from .display import plural_forms, renderer_config
from .form_parts import form_parts
from .forms import CommentForm
from .selectors import SORTS, CommentSection

# The files of embed.js, in the order they run: one line each.
WIDGET_SCRIPTS = [
    "discussion/render.js",
    "discussion/widget/i18n.js",
    "discussion/widget/config.js",
    "discussion/widget/api.js",
    "discussion/widget/thread.js",
    "discussion/widget/counts.js",
]
# Runs last, after the parts' scripts: it starts every thread and badge on the page.
WIDGET_START = "discussion/widget/main.js"
WIDGET_STYLE = "discussion/widget/widget.css"


@dataclass(frozen=True)
class WidgetPart:
    key: str
    template: str
    # context() -> the template's context, in the active language
    context: Callable[[], dict] | None
    script: str
    # What opens the template's panel on this site's own pages (outside embed.js's budget).
    page_script: str = ""


_parts: dict[str, WidgetPart] = {}


@dataclass(frozen=True)
class Bundle:
    body: bytes
    gzipped: bytes
    etag: str


def widget_part_register(*, key: str, template: str = "", context: Callable[[], dict] | None = None,
                         script: str = "", page_script: str = "") -> None:
    """Add a part to the widget: a template rendered into its shell, a static script added to
    embed.js, or both (again under the same key replaces it). A template's `page_script` opens
    it in the comment section of this site's own pages, which carry the template too."""
    _parts[key] = WidgetPart(key=key, template=template, context=context, script=script,
                             page_script=page_script)


def widget_part_panels() -> list[dict]:
    """Return the parts that bring a template (a panel opened under a comment, as "Report"),
    each with that template rendered in the active language and the script that opens it: the
    article page's comment section carries them too, so that its comments open them in place."""
    return [{"key": part.key, "script": part.page_script,
             "html": render_to_string(part.template, part.context() if part.context else {})}
            for part in _parts.values() if part.template]


def widget_scripts() -> list[str]:
    """Return the static paths of embed.js's files, in the order they run."""
    return [*WIDGET_SCRIPTS, *(part.script for part in _parts.values() if part.script), WIDGET_START]


def widget_bundle() -> Bundle:
    """Return embed.js for the active language, built once per language and deploy."""
    data = _data()
    return _bundle(tuple(widget_scripts()), data, get_language() or "")


def _data() -> str:
    """Return the script that hands the server's words, shell and styles to the bundle's files."""
    config = renderer_config()
    values = {
        "words": {"offline": gettext("The comments could not be reached. Try again in a moment."),
                  # The live updates' button and what screen readers hear (thread.js).
                  "news": plural_forms("%(counter)s new comment", "%(counter)s new comments")},
        "renderer": config,
        "shell": _shell(),
        # Where the site is when the script cannot tell its own address (see api.js).
        "site": settings.SITE_URL,
        # The live server's address (a path on this site, or its own origin), set by the live
        # server's settings; empty: the widget does not listen for changes (docs/embed.md).
        "live": conf.get("DISCUSSION_LIVE_URL"),
    }
    return "".join(f"this.{name}={_js(value)};" for name, value in values.items())


def _shell() -> str:
    """Return the empty comment section in the native markup, and the parts' templates."""
    section = CommentSection(thread=None, sort="newest")
    html = render_to_string("discussion/widget/shell.html", {
        "section": section,
        "sorts": [{"key": key, "label": label, "current": key == section.sort}
                  for key, label in SORTS.items()],
        "form": CommentForm(),
        "form_parts": form_parts(),
        "post_url": "",
        "is_open": True,
        "show_prompt": True,
        "max_length": conf.get("DISCUSSION_MAX_LENGTH"),
        "parts": widget_part_panels(),
    })
    # Scripts the templates load on Tribune's pages: the bundle carries what the widget needs.
    html = re.sub(r"<script\b[^>]*>\s*</script>", "", html)
    return re.sub(r"\s+", " ", html).strip()


@functools.lru_cache(maxsize=16)
def _bundle(scripts: tuple[str, ...], data: str, language: str) -> Bundle:
    css = _js(rcssmin.cssmin(_read(WIDGET_STYLE)))
    parts = [f"(function(){{{data}this.css={css};}}).call(s);"]
    parts += [f"(function(){{{_read(path)}\n}}).call(s);" for path in scripts]
    text = "(function(){var s={};" + "".join(parts) + "})();"
    # Local names only: the files share theirs through the scope object, whose keys stay.
    body = ("/* Tribune comments: docs/embed.md */\n"
            + minify_print(es5(text), obfuscate=True, obfuscate_globals=False) + "\n").encode()
    # Zopfli writes the smallest gzip stream it can find (a tenth of a second, once).
    return Bundle(body=body, gzipped=zopfli.gzip.compress(body),
                  etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"')


def _js(value) -> str:
    """Return `value` as a JavaScript literal. Text goes in single quotes: HTML and CSS are full
    of double quotes, which would each cost a backslash."""
    if not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return "'" + escaped.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "'"


def _read(path: str) -> str:
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(f"embed.js: static file {path} not found")
    with open(found, encoding="utf-8") as handle:
        return handle.read()
