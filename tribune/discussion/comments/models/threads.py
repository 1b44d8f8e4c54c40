from django.db import models
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class Thread(TimeStampedModel):
    """The comments of one article, or of one page elsewhere on the web (by its URL)."""

    article = models.OneToOneField(
        "newsroom.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    url = models.URLField(_("page address"), max_length=1000, null=True, blank=True, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    is_open = models.BooleanField(_("open for comments"), default=True)
    moderation = models.CharField(
        _("moderation"), max_length=8, blank=True,
        choices=[("", _("As the site")), ("post", _("Post-moderation")), ("pre", _("Pre-moderation"))],
    )
    # Bumped by every service that changes what the thread shows; cached answers carry it.
    version = models.PositiveBigIntegerField(default=0, editable=False)
    # The published comments, replies included: what every count on the site shows. A post adds
    # one in its own transaction; every other change counts again (thread_touch).
    published_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(article__isnull=False) | models.Q(url__isnull=False),
                name="thread_has_article_or_url",
            )
        ]

    def __str__(self):
        return self.title or self.url or str(self.article)

    @property
    def page_url(self) -> str:
        """Where readers find the thread: its article's address, or the page elsewhere."""
        return self.article.get_absolute_url() if self.article_id else (self.url or "")

    @property
    def page_title(self) -> str:
        """The title of that page: the article's headline, or the page's title or address."""
        return self.article.headline if self.article_id else (self.title or self.url or "")
