"""What the operations app stores: the heartbeats of running workers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running `tribune worker`: when it started and when it last said it was alive."""

    # The host name and process id: enough for an operator to find it, unique while it runs.
    worker_id = models.CharField(_("worker"), max_length=100, unique=True)
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.worker_id} (seen {self.seen_at:%Y-%m-%d %H:%M:%S})"
