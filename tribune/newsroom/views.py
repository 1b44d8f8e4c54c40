from django.core.paginator import Paginator
from django.shortcuts import render

from .panels import article_list_badges, panels_for_article
from .selectors import article_get_published, article_list_published

ARTICLES_PER_PAGE = 20


def front_page(request):
    """The latest published articles, newest first."""
    page = Paginator(article_list_published(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    articles = article_list_badges(request=request, articles=page.object_list)
    return render(request, "newsroom/front_page.html", {"page": page, "articles": articles})


def article_detail(request, slug):
    """One article with the blocks other apps place around it."""
    article = article_get_published(slug=slug)
    panels = panels_for_article(request=request, article=article)
    return render(request, "newsroom/article.html", {"article": article, "panels": panels})
