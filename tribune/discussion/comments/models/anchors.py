from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class Anchor(TimeStampedModel):
    """A passage of an article that comments point at (see discussion.anchoring).

    An editor's anchor carries a question for readers; a reader's anchor is the passage they
    selected. The selector is kept up to date when the article's text changes.
    """

    class State(models.TextChoices):
        ANCHORED = "anchored", _("Found as written")
        MOVED = "moved", _("Found, slightly changed")
        ORPHANED = "orphaned", _("The passage changed")

    article = models.ForeignKey("newsroom.Article", on_delete=models.CASCADE, related_name="anchors")
    exact = models.TextField(_("passage"))
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State, default=State.ANCHORED)
    question = models.CharField(_("question to readers"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        indexes = [models.Index(fields=["article", "start"])]

    def __str__(self):
        return self.question or self.exact[:80]

