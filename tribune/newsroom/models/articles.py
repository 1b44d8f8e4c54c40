from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: published, with a publication time already past."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


class Article(TimeStampedModel):
    """A news story: headline, standfirst, body and lead image."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
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
    source = models.CharField(_("source or byline"), max_length=200, blank=True)
    section = models.ForeignKey(
        "newsroom.Section", verbose_name=_("section"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("newsroom:article", kwargs={"slug": self.slug})
