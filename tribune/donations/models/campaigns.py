from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class CampaignQuerySet(models.QuerySet):
    def shown_with(self, article):
        """Campaigns placed on `article`: on every article, or on the article's section."""
        placed = models.Q(placement=Campaign.Placement.ALL_ARTICLES)
        if article.section_id is not None:
            placed |= models.Q(placement=Campaign.Placement.SECTIONS, sections=article.section_id)
        return self.filter(placed).distinct()

    def running(self, at=None):
        """Active campaigns whose dates include `at` (default: now)."""
        at = at or timezone.now()
        return self.filter(is_active=True, starts_at__lte=at).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=at)
        )


class Campaign(TimeStampedModel):
    """A fundraising drive with a goal, shown as a meter and calls to give around articles."""

    class Placement(models.TextChoices):
        ALL_ARTICLES = "all", _("On every article")
        SECTIONS = "sections", _("On articles in the chosen sections")
        NOWHERE = "none", _("Only on its own page")

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
    placement = models.CharField(
        _("where it shows"), max_length=16, choices=Placement, default=Placement.ALL_ARTICLES
    )
    sections = models.ManyToManyField(
        "newsroom.Section", verbose_name=_("sections"), blank=True, related_name="+",
        help_text=_("Used when the campaign shows on articles in the chosen sections."),
    )
    allow_monthly = models.BooleanField(_("offer monthly gifts"), default=True)
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

    @property
    def is_open(self) -> bool:
        """Whether the campaign takes gifts now (active, started, not ended)."""
        now = timezone.now()
        return self.is_active and self.starts_at <= now and (self.ends_at is None or self.ends_at > now)

    def get_absolute_url(self):
        return reverse("donations:campaign", kwargs={"slug": self.slug})
