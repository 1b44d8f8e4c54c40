from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "newsroom"

urlpatterns = [
    path("", views.front_page_view, name="front_page"),
    path("articles/<slug:slug>/", views.article_view, name="article"),
    path("preview/<slug:token>/", views.article_preview_view, name="preview"),
    path("sections/<slug:slug>/", views.section_view, name="section"),
    path("tags/<slug:slug>/", views.tag_view, name="tag"),
    path("authors/<slug:slug>/", views.author_view, name="author"),
    path("search/", views.search_view, name="search"),
    path("feeds/rss/", feeds.SiteRssFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.SiteAtomFeed(), name="feed_atom"),
    path("sections/<slug:slug>/rss/", feeds.SectionRssFeed(), name="section_rss"),
    path("sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_atom"),
    path("tags/<slug:slug>/rss/", feeds.TagRssFeed(), name="tag_rss"),
    path("tags/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt_view, name="robots"),
]
