from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentEvent(models.Model):
    """A payment provider's event, stored once as it arrived, with what became of it.

    The unique (provider, event_id) pair is what makes a replayed or concurrent delivery a no-op:
    the second insert fails and the event is not processed again.
    """

    class Outcome(models.TextChoices):
        RECORDED = "recorded", _("Processed")
        IGNORED = "ignored", _("Nothing to record")
        WAITING = "waiting", _("Waiting for its gift to be known")
        FAILED = "failed", _("Could not be recorded")

    provider = models.CharField(_("provider"), max_length=16)
    event_id = models.CharField(_("event id"), max_length=255)
    type = models.CharField(_("type"), max_length=100)
    payload = models.TextField(_("payload as received"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome, default=Outcome.WAITING)
    detail = models.TextField(_("detail"), blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="payment_event_once"),
        ]
        indexes = [models.Index(fields=["outcome", "received_at"])]

    def __str__(self):
        return f"{self.provider} {self.type} {self.event_id}"
