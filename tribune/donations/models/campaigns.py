from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class CampaignQuerySet(models.QuerySet):
    def shown_with(self, article):
        """Campaigns placed on `article`: on every article, on the article's section, or on it."""
        placed = models.Q(placement=Campaign.Placement.ALL_ARTICLES)
        placed |= models.Q(placement=Campaign.Placement.ARTICLES, articles=article.pk)
        if article.section_id is not None:
            placed |= models.Q(placement=Campaign.Placement.SECTIONS, sections=article.section_id)
        return self.filter(placed).distinct()

    def running(self, at=None):
        """Active campaigns whose dates include `at` (default: now); no start means from the first day."""
        at = at or timezone.now()
        return self.filter(is_active=True).filter(
            models.Q(starts_at__isnull=True) | models.Q(starts_at__lte=at)
        ).filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=at))


class Campaign(TimeStampedModel):
    """A fundraising drive with a goal, shown as a meter and calls to give around articles."""

    class Placement(models.TextChoices):
        ALL_ARTICLES = "all", _("On every article")
        SECTIONS = "sections", _("On articles in the chosen sections")
        ARTICLES = "articles", _("On the chosen articles")
        NOWHERE = "none", _("Only on its own page")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # Amounts are whole minor units (cents) of `currency`, so sums are exact.
    goal_minor = models.PositiveBigIntegerField(_("goal (in cents)"), validators=[MinValueValidator(1)])
    # Shown once the goal is reached; the meter then measures against it.
    stretch_goal_minor = models.PositiveBigIntegerField(
        _("stretch goal (in cents)"), null=True, blank=True,
        help_text=_("Optional: a further goal the meter shows once the first one is reached."),
    )
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
    articles = models.ManyToManyField(
        "newsroom.Article", verbose_name=_("articles"), blank=True, related_name="+",
        help_text=_("Used when the campaign shows on the chosen articles."),
    )
    allow_monthly = models.BooleanField(_("offer monthly gifts"), default=True)
    # Both optional: no start means open from the day it is made, no end means open until staff
    # close it. An ended campaign shows its result and takes no more gifts.
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = [models.F("starts_at").desc(nulls_last=True), "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(stretch_goal_minor__isnull=True)
                | models.Q(stretch_goal_minor__gt=models.F("goal_minor")),
                name="campaign_stretch_above_goal",
            ),
        ]

    def __str__(self):
        return self.name

    # Addresses under /support/ that are not campaigns (see urls.py).
    RESERVED_SLUGS = frozenset({"manage", "test-card", "test-checkout", "supporter"})

    def clean(self):
        errors = {}
        if self.slug in self.RESERVED_SLUGS:
            errors["slug"] = _("This address is taken by the site; choose another slug.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must come after the start.")
        stretch = self.stretch_goal_minor
        if stretch is not None and self.goal_minor and stretch <= self.goal_minor:
            errors["stretch_goal_minor"] = _("A stretch goal is bigger than the goal.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        """Whether the campaign takes gifts now (active, started, not ended)."""
        return self.is_active and not self.has_ended and not self.is_upcoming

    @property
    def has_ended(self) -> bool:
        """Whether the campaign's end has passed."""
        return self.ends_at is not None and self.ends_at <= timezone.now()

    @property
    def is_upcoming(self) -> bool:
        """Whether the campaign's start is still to come."""
        return self.starts_at is not None and self.starts_at > timezone.now()

    def get_absolute_url(self):
        return reverse("donations:campaign", kwargs={"slug": self.slug})
