"""Changes to a monthly gift, as the donor and staff see them: each one a row, added once.

A change reaches the site by two roads: the donor's own request on the manage page (the
provider's answer is applied at once) and the provider's webhook, in any order and any number
of times. Its `reference` names what changed at the provider (a price, a pause, an invoice), so
the second road finds the row the first one added; money is never here, only in the ledger.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .ledger import LedgerEntryImmutableError


class DonationChange(models.Model):
    class Kind(models.TextChoices):
        AMOUNT = "amount", _("Amount changed")
        SKIP = "skip", _("Month skipped")
        FAILED = "failed", _("Payment failed")
        CANCELLED = "cancelled", _("Cancelled")
        LAPSED = "lapsed", _("Lapsed after failed payments")

    donation = models.ForeignKey("donations.Donation", on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    # What changed at the provider ("stripe:sub_1:price:price_9"); makes recording idempotent.
    reference = models.CharField(_("reference"), max_length=255, unique=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    # The new amount (a change), or the amount that could not be taken (a failed payment).
    amount_minor = models.BigIntegerField(_("amount (in cents)"), null=True, blank=True)
    previous_amount_minor = models.BigIntegerField(_("previous amount (in cents)"), null=True, blank=True)
    # A skipped month: no payment before this time.
    until = models.DateTimeField(_("until"), null=True, blank=True)
    # The provider's invoice a failed payment belongs to, so its later payment is recognised.
    payment_ref = models.CharField(_("payment reference"), max_length=255, blank=True)
    # Who asked for it: the donor on the site, or the provider (its dashboard, its retries).
    by_donor = models.BooleanField(_("asked by the donor on the site"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("change to a monthly gift")
        verbose_name_plural = _("changes to monthly gifts")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.reference}"

    def save(self, *args, **kwargs):
        # Like the ledger, the history a donor was shown is only ever added to.
        if not self._state.adding:
            raise LedgerEntryImmutableError("Changes are never edited; record a new one.")
        super().save(*args, **kwargs)
