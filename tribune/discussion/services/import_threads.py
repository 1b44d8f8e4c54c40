"""Find or create the thread for each page an import names: the article, else the page's URL.

An operator's import is trusted to create threads for any http(s) address; the embed-host
check is for the public widget. Threads are few, so their keys stay in memory.
"""

from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from tribune.core.errors import DomainError
from tribune.newsroom.models import Article
from tribune.newsroom.services.articles import article_create

from ..models import Thread
from ..portability.records import ArticleRecord, Problem, ThreadRecord
from .threads import ThreadUrlNotAllowedError, thread_for_article_get_or_create, thread_url_normalize


class ThreadResolver:
    def __init__(self, *, report, create_articles: bool, base_url: str):
        self.report = report
        self.create_articles = create_articles
        self.base_url = base_url
        self.pks: dict[str, int | None] = {}

    def pk_for(self, key: str) -> int | None:
        return self.pks.get(key)

    def add(self, record: ThreadRecord) -> None:
        """Map the record's key to a thread, creating it if needed; report what cannot be."""
        if record.key in self.pks:
            self.report.add(Problem(kind="thread", item=record.key, skipped=False,
                                    reason="the same thread is listed twice; the first is used"))
            return
        self.pks[record.key] = None
        url = urljoin(self.base_url, record.url) if self.base_url and record.url else record.url
        article = article_for_page(url=url, slug=record.slug)
        if article is not None:
            existed = Thread.objects.filter(article=article).exists()
            thread = thread_for_article_get_or_create(article=article)
            if existed:
                self.report.present["thread"] += 1
            else:
                self._keep_details(thread.pk, record)
            self.pks[record.key] = thread.pk
            return
        try:
            normalized = thread_url_normalize(url=url, any_host=True)
        except ThreadUrlNotAllowedError:
            hint = "" if self.base_url else "; --base-url makes relative addresses whole"
            self.report.add(Problem(kind="thread", item=record.key,
                                    reason=f"address {record.url!r} is not a full http(s) URL and no "
                                           f"article matches it{hint}; its comments are skipped"))
            return
        thread = Thread.objects.filter(url=normalized).first()
        if thread is None:
            thread = Thread.objects.create(url=normalized)
            self._keep_details(thread.pk, record)
        else:
            self.report.present["thread"] += 1
        self.pks[record.key] = thread.pk

    def add_article(self, record: ArticleRecord) -> None:
        """Create the article when asked and its slug is free; an existing one is left alone."""
        if not self.create_articles:
            return
        if Article.objects.filter(slug=record.slug).exists():
            self.report.present["article"] += 1
            return
        status = Article.Status.PUBLISHED if record.published else Article.Status.DRAFT
        try:
            with transaction.atomic():
                article_create(headline=record.headline, body=record.body, slug=record.slug,
                               status=status, publish_at=record.published_at)
        except (DomainError, ValidationError) as exc:
            self.report.add(Problem(kind="article", item=record.slug, reason=f"not created: {exc}"))
            return
        self.report.created["article"] += 1


    def _keep_details(self, pk: int, record: ThreadRecord) -> None:
        """Give a thread this import created the title, state and age the source gave it."""
        details = {"is_open": record.is_open}
        if record.title:
            details["title"] = record.title[:300]
        if record.created_at:
            details["created_at"] = record.created_at
        Thread.objects.filter(pk=pk).update(**details)
        self.report.created["thread"] += 1


def article_for_page(*, url: str, slug: str = "") -> Article | None:
    """Return the article a page address (or a slug the source knew) belongs to, if any.

    A page matches when its path ends with the article's address on this site or its slug.
    """
    candidates = [slug] if slug else []
    try:
        path = urlsplit(url or "").path.rstrip("/")
    except ValueError:
        path = ""
    if path:
        candidates.append(path.rsplit("/", 1)[-1])
    for candidate in candidates:
        article = Article.objects.filter(slug=candidate).first() if candidate else None
        if article is None:
            continue
        own = article.get_absolute_url().rstrip("/")
        if candidate == slug or path.endswith(own) or path.endswith("/" + article.slug) \
                or path == article.slug:
            return article
    return None
