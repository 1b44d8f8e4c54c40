"""Find or create the thread for each page an import names: the article, else the page's URL.

An operator's import is trusted to create threads for any http(s) address; the embed-host
check is for the public widget. Threads are few, so their keys stay in memory.
"""

from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from tribune.core.errors import DomainError
from tribune.core.rows import row_insert, row_update
from tribune.discussion.comments.models import Thread
from tribune.discussion.comments.services.threads import ThreadUrlNotAllowedError, thread_url_normalize
from tribune.newsroom.models import Article
from tribune.newsroom.services.articles import ArticleSlugTakenError, article_create

from ..records import ArticleRecord, Problem, ThreadRecord


class ThreadResolver:
    def __init__(self, *, report, create_articles: bool, base_url: str):
        self.report = report
        self.create_articles = create_articles
        self.base_url = base_url
        self.pks: dict[str, int | None] = {}
        # Loaded on the first thread: the site's threads by address and by article, and its
        # articles by slug, so that a file with thousands of pages costs one query per new page.
        self._by_url: dict[str, int] | None = None
        self._by_article: dict[int, int] = {}
        self._articles: ArticleIndex | None = None
        self._without_page: set[str] = set()

    def pk_for(self, key: str) -> int | None:
        return self.pks.get(key)

    def add(self, record: ThreadRecord) -> None:
        """Map the record's key to a thread, creating it if needed; report what cannot be."""
        if record.key in self.pks:
            self.report.add(Problem(kind="thread", item=record.key, skipped=False,
                                    reason="the same thread is listed twice; the first is used"))
            return
        self._load()
        self.pks[record.key] = None
        url = urljoin(self.base_url, record.url) if self.base_url and record.url else record.url
        article_pk = self._articles.match(url=url, slug=record.slug)
        if article_pk is not None:
            self.pks[record.key] = self._thread_for_article(article_pk, record)
            return
        try:
            normalized = thread_url_normalize(url=url, any_host=True)
        except ThreadUrlNotAllowedError:
            hint = "" if self.base_url else "; --base-url makes relative addresses whole"
            self.report.add(Problem(kind="thread", item=record.key,
                                    reason=f"address {record.url!r} is not a full http(s) URL and no "
                                           f"article matches it{hint}; its comments are skipped"))
            return
        if normalized in self._by_url:
            self.report.present["thread"] += 1
        else:
            self._by_url[normalized] = self._create(record, url=normalized)
        if normalized not in self._without_page:
            self._without_page.add(normalized)
            self.report.no_page(normalized)
        self.pks[record.key] = self._by_url[normalized]

    def add_article(self, record: ArticleRecord) -> None:
        """Create the article when asked and its slug is free; an existing one is left alone."""
        if not self.create_articles:
            return
        status = Article.Status.PUBLISHED if record.published else Article.Status.DRAFT
        try:
            with transaction.atomic():
                article = article_create(headline=record.headline, body=record.body,
                                         slug=record.slug, status=status,
                                         publish_at=record.published_at)
        except ArticleSlugTakenError:
            # An article of the site has this slug already; it is left as it is.
            self.report.present["article"] += 1
            return
        except (DomainError, ValidationError) as exc:
            self.report.add(Problem(kind="article", item=record.slug, reason=f"not created: {exc}"))
            return
        if self._articles is not None:
            self._articles.add(article)
        self.report.created["article"] += 1

    def _thread_for_article(self, article_pk: int, record: ThreadRecord) -> int:
        if article_pk in self._by_article:
            self.report.present["thread"] += 1
            return self._by_article[article_pk]
        article = Article.objects.get(pk=article_pk)
        pk = self._create(record, article=article, fallback_title=article.headline)
        self._by_article[article_pk] = pk
        return pk

    def _create(self, record: ThreadRecord, *, fallback_title: str = "", **fields) -> int:
        """Insert a thread with the title, state and age the source gave it; return its key."""
        title = (record.title or fallback_title)[:300]
        thread = row_insert(Thread(title=title, is_open=record.is_open, **fields))
        if record.created_at is not None:
            # save() stamps a new row with "now"; the thread keeps the age the source gave it.
            row_update(Thread, thread.pk, created_at=record.created_at)
        self.report.created["thread"] += 1
        return thread.pk

    def _load(self) -> None:
        if self._by_url is not None:
            return
        self._by_url, self._by_article = {}, {}
        for pk, url, article in Thread.objects.values_list("pk", "url", "article_id").iterator():
            if url:
                self._by_url[url] = pk
            if article:
                self._by_article[article] = pk
        self._articles = ArticleIndex()


class ArticleIndex:
    """The site's articles by slug."""

    def __init__(self):
        self._pks: dict[str, int] = {}
        for article in Article.objects.only("pk", "slug").iterator():
            self.add(article)

    def add(self, article) -> None:
        self._pks[article.slug] = article.pk

    def match(self, *, url: str, slug: str = "") -> int | None:
        """Return the article a page address (or a slug the source knew) belongs to, if any.

        A page matches when its path ends with an article's slug, as the article's own address
        on this site does.
        """
        if slug and slug in self._pks:
            return self._pks[slug]
        try:
            path = urlsplit(url or "").path.rstrip("/")
        except ValueError:
            return None
        return self._pks.get(path.rsplit("/", 1)[-1]) if path else None
