import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel

# What readers may see: a scheduled article is one whose publication time is still ahead, so it
# appears by itself once that time has passed, with no job to flip its status.
_VISIBLE_STATUSES = ("published", "scheduled")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: published or scheduled, with a publication time already past."""
        # "Not a draft" rather than "status IN (published, scheduled)": the same rows (there are
        # three statuses), but the databases then walk the published_at index in page order
        # instead of sorting every matching row (10,000 articles: 5 ms instead of 110 ms a page).
        return self.filter(published_at__lte=timezone.now()).exclude(status=Article.Status.DRAFT)


def _preview_token() -> str:
    return secrets.token_urlsafe(24)


class Article(TimeStampedModel):
    """A news story: headline, standfirst, body, lead image, byline, section and tags."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(_("body (Markdown)"))
    # The sanitized rendering of `body`, kept so that a page view never parses Markdown.
    body_html = models.TextField(editable=False, default="")
    lead_image = models.ForeignKey(
        "newsroom.Image", verbose_name=_("lead image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    authors = models.ManyToManyField(
        "newsroom.Author", verbose_name=_("authors"), through="newsroom.Byline", blank=True,
        related_name="articles",
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True,
        help_text=_("Shown instead of a byline when the article has no authors "
                    "(a wire service, a press release)."),
    )
    section = models.ForeignKey(
        "newsroom.Section", verbose_name=_("section"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    tags = models.ManyToManyField("newsroom.Tag", verbose_name=_("tags"), blank=True, related_name="articles")
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    # When readers last saw the text change after publication ("Updated ..."), unlike updated_at,
    # which moves on any save.
    revised_at = models.DateTimeField(_("updated at"), null=True, blank=True, editable=False)
    canonical_url = models.URLField(
        _("canonical URL"), max_length=500, blank=True,
        help_text=_("Only when the story first appeared elsewhere; leave empty to use this site's address."),
    )
    preview_token = models.CharField(max_length=64, unique=True, default=_preview_token, editable=False)
    # Bumped by article_cache_invalidate(); part of every cached page's key.
    cache_generation = models.PositiveBigIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # Covers published(): counting a large archive's pages never reads the rows.
            models.Index(fields=["published_at", "status"], name="article_published_status"),
        ]

    def __str__(self):
        return self.headline

    def clean(self):
        if self.status == self.Status.SCHEDULED and self.published_at is None:
            raise ValidationError({"published_at": _("A scheduled article needs a publication time.")})

    def get_absolute_url(self):
        return reverse("newsroom:article", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("newsroom:preview", kwargs={"token": self.preview_token})

    @property
    def is_visible(self) -> bool:
        """Whether readers can see the article now."""
        return Article.visible(status=self.status, published_at=self.published_at)

    @staticmethod
    def visible(*, status: str, published_at) -> bool:
        """Whether readers can see an article with this status and publication time now: the
        rule of ArticleQuerySet.published(), for one row read without its model."""
        return status in _VISIBLE_STATUSES and published_at is not None and published_at <= timezone.now()


class Byline(models.Model):
    """One author of an article, in the order the byline names them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("newsroom.Author", on_delete=models.CASCADE, related_name="bylines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_author_once"),
        ]

    def __str__(self):
        return str(self.author)
