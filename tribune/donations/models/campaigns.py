from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class CampaignQuerySet(models.QuerySet):
    def running(self, at=None):
        """Active campaigns whose dates include `at` (default: now)."""
        at = at or timezone.now()
        return self.filter(is_active=True, starts_at__lte=at).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=at)
        )


class Campaign(TimeStampedModel):
    """A fundraising drive with a goal, shown as a meter and calls to give around articles."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # Amounts are whole minor units (cents) of `currency`, so sums are exact.
    goal_minor = models.PositiveBigIntegerField(_("goal (in cents)"), validators=[MinValueValidator(1)])
    currency = models.CharField(
        _("currency"), max_length=3, default="USD",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, like USD."))],
    )
    amount_format = models.CharField(
        _("amount format"), max_length=40, blank=True,
        help_text=_("A CLDR pattern such as “#,##0 ¤”; empty uses the site locale's usual format."),
    )
    description = models.TextField(_("description"), blank=True)
    cta_label = models.CharField(_("call to give"), max_length=120)
    cta_text = models.CharField(_("call to give, text"), max_length=300, blank=True)
    show_meter = models.BooleanField(_("show the goal meter on articles"), default=True)
    cta_above = models.BooleanField(_("call to give above articles"), default=True)
    cta_below = models.BooleanField(_("call to give below articles"), default=True)
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="campaign_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("donations:campaign", kwargs={"slug": self.slug})
