"""RSS 2.0 and Atom feeds of the latest articles: the whole site, one section, one tag.

Feeds list only what published() lets readers see, so a scheduled article enters the feeds
at its time like it enters the pages.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import conf
from .selectors import article_list_for_feed, section_get, tag_get


class SiteRssFeed(Feed):
    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return reverse("newsroom:front_page")

    def description(self, obj=None):
        return _("The latest articles from %(site)s.") % {"site": settings.SITE_NAME}

    def items(self, obj=None):
        return self._articles(obj)[: conf.get("NEWSROOM_FEED_ITEMS")]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst or item.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.revised_at or item.published_at

    def item_author_name(self, item):
        names = [byline.author.name for byline in item.bylines.all()]
        return ", ".join(names) or item.source or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def _articles(self, obj):
        return article_list_for_feed()


class SiteAtomFeed(SiteRssFeed):
    feed_type = Atom1Feed
    subtitle = SiteRssFeed.description


class SectionRssFeed(SiteRssFeed):
    def get_object(self, request, slug):
        return section_get(slug=slug)

    def title(self, obj=None):
        return f"{obj.name} – {settings.SITE_NAME}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return _("The latest articles in %(section)s.") % {"section": obj.name}

    def _articles(self, obj):
        return article_list_for_feed(section=obj)


class SectionAtomFeed(SectionRssFeed):
    feed_type = Atom1Feed
    subtitle = SectionRssFeed.description


class TagRssFeed(SiteRssFeed):
    def get_object(self, request, slug):
        return tag_get(slug=slug)

    def title(self, obj=None):
        return f"{obj.name} – {settings.SITE_NAME}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return _("The latest articles about %(tag)s.") % {"tag": obj.name}

    def _articles(self, obj):
        return article_list_for_feed(tag=obj)


class TagAtomFeed(TagRssFeed):
    feed_type = Atom1Feed
    subtitle = TagRssFeed.description
