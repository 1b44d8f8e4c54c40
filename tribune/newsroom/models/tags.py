from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class Tag(TimeStampedModel):
    """A place or a topic an article is about; each has its own page and feeds."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        PLACE = "place", _("Place")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.TOPIC)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsroom:tag", kwargs={"slug": self.slug})
