"""The ledger: every movement of money, one row each, never edited.

The raised amount is always computed from these rows, test payments left out. A mistake is
corrected by a new row (a refund or a negative manual entry), so the history of what readers saw
stays explainable.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tribune.core.errors import DomainError


class LedgerEntryImmutableError(DomainError):
    code = "ledger_entry_immutable"


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        GIFT = "gift", _("Gift")
        RENEWAL = "renewal", _("Monthly renewal")
        REFUND = "refund", _("Refund")
        DISPUTE = "dispute", _("Dispute")
        MANUAL = "manual", _("Manual entry")

    campaign = models.ForeignKey(
        "donations.Campaign", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    # Signed minor units: refunds and disputes are negative.
    amount_minor = models.BigIntegerField(_("amount (in cents)"))
    currency = models.CharField(_("currency"), max_length=3)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    # Where the money came from (a provider's event id, "manual:<id>"); makes recording idempotent.
    reference = models.CharField(_("reference"), max_length=255, unique=True)
    donation = models.ForeignKey(
        "donations.Donation", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    # The provider's id of the payment this money belongs to (a PaymentIntent), so that a refund or
    # a dispute finds its gift.
    payment_ref = models.CharField(_("payment reference"), max_length=255, blank=True, db_index=True)
    donor_name = models.CharField(_("donor name"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    # A test payment (the test provider, a Stripe event with livemode false): kept for staff, never
    # counted on a meter. Set once when the row is added, like every other field.
    is_test = models.BooleanField(_("test payment"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount_minor} {self.currency}"

    def save(self, *args, **kwargs):
        # The ledger is append-only: an update would rewrite what readers were shown.
        if not self._state.adding:
            raise LedgerEntryImmutableError("Ledger entries are never edited; record a correction.")
        super().save(*args, **kwargs)
