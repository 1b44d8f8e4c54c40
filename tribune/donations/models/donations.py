from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class Donation(TimeStampedModel):
    """A donor's gift as they asked for it on the donation page, before and after payment.

    The money itself is only ever in the ledger: a donation is paid once a ledger entry points at
    it. The provider's ids are filled in as the checkout and the subscription come into being.
    """

    class Frequency(models.TextChoices):
        ONCE = "once", _("One time")
        MONTHLY = "monthly", _("Monthly")

    class Provider(models.TextChoices):
        STRIPE = "stripe", _("Stripe")
        TEST = "test", _("Test payments")

    class MonthlyStatus(models.TextChoices):
        ACTIVE = "active", _("Active")
        FAILING = "failing", _("Payment failing")
        LAPSED = "lapsed", _("Lapsed after failed payments")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey("donations.Campaign", on_delete=models.PROTECT, related_name="donations")
    amount_minor = models.PositiveBigIntegerField(_("amount (in cents)"))
    currency = models.CharField(_("currency"), max_length=3)
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency, default=Frequency.ONCE)
    # Empty when the donor gives anonymously.
    donor_name = models.CharField(_("name shown"), max_length=200, blank=True)
    # As typed in the form: anyone can type any address, so nothing is sent here on its word alone
    # (see selectors.receipt_address).
    email = models.EmailField(_("email for the receipt"))
    # The address the payment service reports the payer used (Stripe's customer email), once known.
    payer_email = models.EmailField(_("payer's email at the payment service"), blank=True)
    # The language of the page the gift was made from: its receipts and notices are written in
    # it (empty: the site's language).
    language = models.CharField(_("language"), max_length=16, blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="donations"
    )
    show_supporter = models.BooleanField(_("show a Supporter mark beside comments"), default=False)
    provider = models.CharField(_("payment provider"), max_length=16, choices=Provider)
    checkout_id = models.CharField(_("checkout id"), max_length=255, null=True, blank=True, unique=True)
    subscription_id = models.CharField(_("subscription id"), max_length=255, blank=True, db_index=True)
    # The payer at the provider (a Stripe customer), for the card page of a monthly gift.
    customer_id = models.CharField(_("customer id"), max_length=255, blank=True)
    # The donor said yes to being thanked by name on the campaign page (never with the amount).
    list_publicly = models.BooleanField(_("thanked by name on the campaign page"), default=False)

    # A monthly gift's state as the provider last reported it; empty for one-time gifts and
    # before the first payment. Kept up to date by services.monthly, which ignores a report
    # older than `monthly_status_at` and never revives an ended gift.
    monthly_status = models.CharField(_("monthly gift"), max_length=16, choices=MonthlyStatus, blank=True,
                                      db_index=True)
    monthly_status_at = models.DateTimeField(_("state as of"), null=True, blank=True)
    next_payment_at = models.DateTimeField(_("next payment"), null=True, blank=True)
    # Set while a month is skipped: no payment is taken before this time.
    paused_until = models.DateTimeField(_("skipped until"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="donation_amount_positive")
        ]

    def __str__(self):
        return f"{self.donor_name or _('Anonymous')} · {self.amount_minor} {self.currency}"

    @property
    def is_monthly(self) -> bool:
        return self.frequency == self.Frequency.MONTHLY

    @property
    def is_manageable(self) -> bool:
        """Whether the donor can still change this monthly gift (started, not ended)."""
        return self.is_monthly and bool(self.monthly_status) and self.ended_at is None
