from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class Section(TimeStampedModel):
    """A part of the site (News, Analysis, ...) that articles belong to."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsroom:section", kwargs={"slug": self.slug})
