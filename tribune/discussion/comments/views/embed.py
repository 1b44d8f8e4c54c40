"""What other sites embed: the script (embed.js), a snapshot of a thread for their pages'
HTML, and the thread's own page on this site for readers without JavaScript. See docs/embed.md."""

import hashlib
from urllib.parse import quote

from django.http import Http404, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..embedding import embed_page_allowed
from ..models import Thread
from ..pages import thread_section_context
from ..selectors import comment_section, thread_for_url, thread_readable
from ..services import ThreadUrlNotAllowedError, thread_url_normalize
from ..widget import widget_bundle

# embed.js's address never changes, so browsers ask again after this long; the ETag makes the
# answer a 304 until a deploy or a language changes the file.
SCRIPT_MAX_AGE = 600
# A snapshot is the comments as they were; hosts that rebuild their pages ask again anyway.
SNAPSHOT_MAX_AGE = 60


@require_safe
def embed_script_view(request):
    """Serve embed.js in the request's language, gzipped when the browser takes it."""
    bundle = widget_bundle()
    if _etag_matches(request, bundle.etag):
        response = HttpResponseNotModified()
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(bundle.gzipped, content_type="text/javascript; charset=utf-8")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(bundle.body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = bundle.etag
    response["Cache-Control"] = f"public, max-age={SCRIPT_MAX_AGE}"
    patch_vary_headers(response, ("Accept-Encoding", "Accept-Language"))
    return response


@require_safe
def embed_snapshot_view(request):
    """Return the first page of comments of the page at ?url= as plain HTML in the native markup,
    with no script, for a host to put inside its widget container when it builds the page
    (readers without JavaScript and search engines read it; the widget replaces it)."""
    url = _page_url(request)
    if url is None:
        return HttpResponse(_("Give the page's full address in ?url=."), status=400,
                            content_type="text/plain; charset=utf-8")
    thread = thread_for_url(url=url)
    if thread is None and not embed_page_allowed(url):
        raise Http404
    tag = _snapshot_etag(thread)
    if _etag_matches(request, tag):
        response = HttpResponseNotModified()
    else:
        section = comment_section(thread=thread, sort=request.GET.get("sort", ""))
        response = HttpResponse(render_to_string("discussion/widget/snapshot.html", {
            "section": section, "thread": thread, "site": _site(request),
            "page_url": _thread_page(request, thread, url),
        }))
    response["ETag"] = tag
    response["Cache-Control"] = f"public, max-age={SNAPSHOT_MAX_AGE}"
    patch_vary_headers(response, ("Accept-Language",))
    return response


@require_safe
def thread_page_view(request, thread_id):
    """The page of a thread of a page elsewhere, on this site: its comments and the form, all
    working without JavaScript. An article's thread is the article's page."""
    thread = thread_readable(thread_id=thread_id)
    if thread is None:
        raise Http404
    if thread.article_id:
        return HttpResponseRedirect(f"{thread.article.get_absolute_url()}#comments")
    return render(request, "discussion/thread_page.html", thread_section_context(request, thread))


@require_safe
def thread_by_url_view(request):
    """Send a reader to the thread of the page at ?url= (the address a host's <noscript> link
    knows), or say that nobody has commented there yet."""
    url = _page_url(request)
    if url is None:
        raise Http404
    thread = thread_for_url(url=url)
    if thread is not None:
        return HttpResponseRedirect(reverse("discussion:thread_page", args=[thread.pk]))
    if not embed_page_allowed(url):
        raise Http404
    return render(request, "discussion/thread_page.html", {"page_url": url, "no_thread": True})


def _page_url(request) -> str | None:
    """Return ?url= as threads store it, or None for what is no page's address: not http(s), too
    long to be a thread's, or holding a NUL (which PostgreSQL refuses in a query)."""
    value = request.GET.get("url", "")
    if "\x00" in value:
        return None
    try:
        return thread_url_normalize(url=value, any_host=True)
    except ThreadUrlNotAllowedError:
        return None


def _etag_matches(request, tag: str) -> bool:
    asked = request.headers.get("If-None-Match", "")
    return tag in [value.strip().removeprefix("W/") for value in asked.split(",")]


def _snapshot_etag(thread: Thread | None) -> str:
    state = f"{thread.pk}:{thread.created_at.timestamp()}:{thread.version}" if thread else "none"
    digest = hashlib.sha256(f"{state}:{get_language()}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _thread_page(request, thread: Thread | None, url: str) -> str:
    if thread is not None:
        return request.build_absolute_uri(reverse("discussion:thread_page", args=[thread.pk]))
    page = request.build_absolute_uri(reverse("discussion:thread_by_url_page"))
    return f"{page}?url={quote(url, safe='')}"
