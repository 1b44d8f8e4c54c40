from urllib.parse import quote_plus

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tribune.core.httpcache import http_cache_share, request_shares_pages

from . import conf
from .cache import page_cache_get, page_cache_key, page_cache_set
from .panels import article_list_badges, panels_for_article
from .search import MAX_QUERY_LENGTH, article_list_by_ids, article_search_ids
from .selectors import (
    article_cache_state,
    article_get_for_preview,
    article_get_published,
    article_list_cache_version,
    article_list_for_author,
    article_list_for_section,
    article_list_for_tag,
    article_list_published,
    author_get,
    section_get,
    tag_get,
)
from .seo import article_meta


@require_safe
def front_page_view(request):
    """The latest published articles, newest first."""
    return _article_list(request, article_list_published(), "list:front", title=_("Latest news"), front=True,
                         feeds=("newsroom:feed_rss", "newsroom:feed_atom", None))


@require_safe
def section_view(request, slug):
    """The latest articles of one section."""
    section = section_get(slug=slug)
    return _article_list(request, article_list_for_section(section=section), f"list:section:{slug}",
                         title=section.name,
                         kicker=_("Section"), feeds=("newsroom:section_rss", "newsroom:section_atom", slug))


@require_safe
def tag_view(request, slug):
    """The latest articles about one place or topic."""
    tag = tag_get(slug=slug)
    return _article_list(request, article_list_for_tag(tag=tag), f"list:tag:{slug}", title=tag.name,
                         kicker=tag.get_kind_display(), feeds=("newsroom:tag_rss", "newsroom:tag_atom", slug))


@require_safe
def author_view(request, slug):
    """An author's short biography and articles."""
    author = author_get(slug=slug)
    return _article_list(request, article_list_for_author(author=author), f"list:author:{slug}",
                         title=author.name,
                         kicker=_("Author"), intro=author.bio)


@require_safe
def search_view(request):
    """Articles matching the reader's words, best match first."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    ranked_ids = article_search_ids(query=query) if query else []
    page = Paginator(ranked_ids, conf.get("NEWSROOM_ARTICLES_PER_PAGE")).get_page(request.GET.get("page"))
    return render(request, "newsroom/search.html", {
        "query": query, "page": page,
        "articles": article_list_badges(request=request, articles=article_list_by_ids(ids=page.object_list)),
        "total": len(ranked_ids),
        "page_query": f"q={quote_plus(query)}&",
    })


@require_safe
def article_view(request, slug):
    """One article with the blocks other apps place around it; served from the page cache when it may."""
    state = article_cache_state(slug=slug)
    if state is None:
        raise Http404(_("No article at this address."))
    article_id, version = state
    key = page_cache_key(request, page=f"article:{article_id}", version=version)
    response = page_cache_get(request, key) if key else None
    if response is None:
        article = article_get_published(slug=slug)
        panels = panels_for_article(request=request, article=article)
        response = render(request, "newsroom/article.html", {
            "article": article, "panels": panels, "meta": article_meta(request=request, article=article),
        })
        if key:
            page_cache_set(key, response, request=request)
    patch_vary_headers(response, ("Cookie",))
    http_cache_share(response, keys=[f"article-{article_id}"], made_at=getattr(response, "made_at", None))
    if not request_shares_pages(request):
        # The page holds this reader's CSRF token.
        patch_cache_control(response, private=True)
    return response


@require_safe
def article_preview_view(request, token):
    """A draft or scheduled article as it will look, at its private link; never cached or indexed."""
    article = article_get_for_preview(token=token)
    # Only the editors' tools: the comments and calls to give wait for publication.
    panels = panels_for_article(request=request, article=article, slots=("preview",))
    response = render(request, "newsroom/article.html", {
        "article": article, "panels": panels, "preview": True,
        "meta": article_meta(request=request, article=article),
    })
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def robots_txt_view(request):
    """Tell crawlers where the sitemap is and what is not for them."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "Disallow: /preview/",
        f"Disallow: {reverse('newsroom:search')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('newsroom:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _article_list(request, queryset, cache_page, *, title, kicker="", intro="", feeds=None, front=False):
    key = page_cache_key(request, page=cache_page, version=article_list_cache_version())
    response = page_cache_get(request, key) if key else None
    if response is None:
        response = _article_list_render(request, queryset, title=title, kicker=kicker, intro=intro,
                                        feeds=feeds, front=front)
        if key:
            page_cache_set(key, response, request=request)
    patch_vary_headers(response, ("Cookie",))
    return http_cache_share(response, keys=["articles"], made_at=getattr(response, "made_at", None))


def _article_list_render(request, queryset, *, title, kicker, intro, feeds, front):
    # Lists show no bodies; leaving them out keeps a page of a large archive cheap to read.
    queryset = queryset.defer("body", "body_html")
    page = Paginator(queryset, conf.get("NEWSROOM_ARTICLES_PER_PAGE")).get_page(request.GET.get("page"))
    feed_links = None
    if feeds:
        rss, atom, slug = feeds
        args = [slug] if slug else []
        feed_links = {"rss": reverse(rss, args=args), "atom": reverse(atom, args=args)}
    articles = article_list_badges(request=request, articles=page.object_list)
    return render(request, "newsroom/article_list.html", {
        "page": page, "articles": articles, "title": title, "kicker": kicker, "intro": intro,
        "feeds": feed_links, "front": front, "page_query": "", "site_name": settings.SITE_NAME,
    })
