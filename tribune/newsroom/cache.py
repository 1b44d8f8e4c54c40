"""The article page cache: one rendered copy per article, per version, per variant of the page.

Key. A cached page is stored under

    newsroom:article:<id>:<article version>.<site generation>:<language>:<variant hash>

- The article version is its cache generation and its last save time; the site generation is
  the single PageCacheGeneration row. Both generations are counters in the database, and
  article_cache_invalidate() bumps them in the transaction of the change: a stale copy is
  simply never asked for again and expires on its own. The counters are read on every request
  (one small query that also checks the article is published, so a scheduled article is never
  served early), so a per-process cache (Django's default local-memory cache) stays correct
  with any number of server processes.
- The variant hash covers everything else the page depends on: scheme and host (absolute
  links), every query parameter (?sort=, ?comments=all, ?reply=, ?page=...) and every cookie
  except the CSRF cookie (the cookie that hides the comment prompt, for instance).

Who is never served from the cache: requests other than GET/HEAD, and any request carrying an
identity (core.personal: the session, guest and messages cookies, an X-Guest-Key or Authorization
header). A signed-in reader sees their own name and form, a guest their own Delete links, vote
buttons and held comments. Their pages are rendered fresh, not stored, and marked private so that
no proxy keeps them either. A page that sets a cookie other than CSRF's is not stored.

The one per-reader value on a shared page is the CSRF token of its forms. It is cut out of the
hidden csrfmiddlewaretoken fields before storing and each reader's own token is put back into
those fields alone when the page is served, which also sets that reader's CSRF cookie. When
pages go to shared caches too (HTTP_CACHE_SECONDS, core.httpcache), an anonymous reader gets
the page with the mark left in and no cookie, the same bytes as every other reader, and the
site's csrf.js fetches their own token before a form is sent. The mark
left in its place is a keyed hash of SECRET_KEY, the same in every process sharing the cache, so a
comment cannot contain it; and it is only looked for inside those fields, so even text that held
it would stay as written.

Lists (the front page, section, tag and author pages) are cached the same way under
"newsroom:list:<name>:<slug>", versioned by the list generation (bumped with any article's),
the site generation and the publication time of the newest visible article: that time moves
when a scheduled article's time comes, so it appears in the lists by itself too.

Apps that put panels on the article page call article_cache_invalidate() when their data
changes (newsroom.receivers does it for newsroom's own images, bylines, sections, tags and
authors).
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from tribune.core.httpcache import request_shares_pages
from tribune.core.personal import request_has_identity
from tribune.core.privacy import keyed_hash

from . import conf

# The field {% csrf_token %} writes, whole: user text is escaped, so it never matches.
_CSRF_FIELD = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"<>]*">')
# Longer query strings are rare and probably junk; they are served fresh rather than stored.
MAX_QUERY_STRING = 512
HEADER = "X-Tribune-Cache"


def page_cache_key(request: HttpRequest, *, page: str, version: str | None) -> str | None:
    """Return the cache key of this request for `page` at `version`, or None when it must not be
    cached (a personal request, or no version because the counters are missing)."""
    if version is None:
        return None
    if request.method not in ("GET", "HEAD") or request_has_identity(request):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_STRING:
        return None
    cookies = sorted((k, v) for k, v in request.COOKIES.items()
                     if v and k != settings.CSRF_COOKIE_NAME)
    variant = repr((request.scheme, request.get_host(), sorted(request.GET.lists()), cookies))
    digest = hashlib.sha256(variant.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"newsroom:{page}:{version}:{language}:{digest}"


def page_cache_get(request: HttpRequest, key: str) -> HttpResponse | None:
    """Return the cached page under `key`, with this reader's CSRF token in it (unless the page
    goes to shared caches), or None. The response's `made_at` is when the copy was made."""
    entry = _cache().get(key)
    if entry is None or len(entry) != 3:
        return None
    content, content_type, made_at = entry
    stored_field = _CSRF_FIELD.format(csrf_placeholder())
    if stored_field in content and not request_shares_pages(request):
        content = content.replace(stored_field, _CSRF_FIELD.format(get_token(request)))
    response = HttpResponse(content, content_type=content_type)
    response[HEADER] = "hit"
    response.made_at = made_at
    return response


def page_cache_set(key: str, response: HttpResponse, *, request: HttpRequest) -> None:
    """Store a rendered page under `key`, without the CSRF tokens of its forms; when the page goes
    to shared caches, send it as stored, without the reader's token or CSRF cookie."""
    response.made_at = time.time()
    if response.status_code != 200 or _sets_other_cookies(response):
        return
    stored_field = _CSRF_FIELD.format(csrf_placeholder())
    content = _CSRF_INPUT.sub(lambda _match: stored_field, response.content.decode(response.charset))
    _cache().set(key, (content, response["Content-Type"], response.made_at),
                 conf.get("NEWSROOM_PAGE_CACHE_SECONDS"))
    response[HEADER] = "miss"
    if request_shares_pages(request):
        response.content = content
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False


def csrf_placeholder() -> str:
    """Return the mark a stored page holds in place of a reader's CSRF token."""
    # Keyed, not random per process: every process reading a shared cache must find it.
    return keyed_hash("page-cache-csrf", "placeholder")[:40]


def _sets_other_cookies(response: HttpResponse) -> bool:
    # A page that sets a cookie other than CSRF's is about one reader; do not share it.
    return any(name != settings.CSRF_COOKIE_NAME for name in response.cookies)


def _cache():
    return caches[conf.get("NEWSROOM_PAGE_CACHE_ALIAS")]
