"""Figures read from the database when the metrics are asked for (see the package docstring)."""

import logging
import threading
import time

from django.db import DatabaseError, connections
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.core import GaugeMetricFamily

from tribune.discussion.notifications.models import Delivery

from .. import conf
from ..heartbeat import worker_last_seen

logger = logging.getLogger("tribune.operations.metrics")


class DatabaseCollector:
    """A prometheus-client collector of the outbox, the task queue and the worker's heartbeat.

    With `close_connections`, each measure closes the connection it opened: the metrics' own
    server runs in gunicorn's master process, which must not hold one when it forks a worker.
    """

    def __init__(self, *, close_connections: bool = False):
        self.close_connections = close_connections
        self._lock = threading.Lock()
        self._measured_at = None
        self._families = []

    def collect(self):
        with self._lock:
            max_age = conf.get("OPERATIONS_METRICS_DATABASE_MAX_AGE").total_seconds()
            if self._measured_at is None or time.monotonic() - self._measured_at >= max_age:
                self._families = self._measure()
                self._measured_at = time.monotonic()
            return list(self._families)

    def _measure(self) -> list:
        up = GaugeMetricFamily("tribune_database_up", "Whether the database answered the last measure.")
        try:
            families = _families()
        except DatabaseError as exc:
            logger.warning("The metrics could not read the database: %s", exc)
            up.add_metric([], 0)
            return [up]
        finally:
            if self.close_connections:
                connections.close_all()
        up.add_metric([], 1)
        return [up, *families]


def _families() -> list:
    now = timezone.now()
    emails = GaugeMetricFamily("tribune_emails", "Emails in the outbox, by state (sent and failed "
                               "count every email kept).", labels=["state"])
    counts = dict(Delivery.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    for state in Delivery.State.values:
        emails.add_metric([state], counts.get(state, 0))
    oldest = Delivery.objects.filter(
        state__in=(Delivery.State.QUEUED, Delivery.State.SENDING)).aggregate(first=Min("created_at"))["first"]
    email_age = GaugeMetricFamily("tribune_email_oldest_waiting_seconds",
                                  "How long the oldest email not yet sent has waited (0: none).")
    email_age.add_metric([], (now - oldest).total_seconds() if oldest else 0)

    never = get_date_max()
    due = (DBTaskResult.objects.ready().values("queue_name")
           .annotate(n=Count("pk"), first_enqueued=Min("enqueued_at", filter=Q(run_after=never)),
                     first_due=Min("run_after", filter=~Q(run_after=never))))
    depth = GaugeMetricFamily("tribune_tasks_due", "Background tasks due and not yet started, by queue.",
                              labels=["queue"])
    age = GaugeMetricFamily("tribune_task_oldest_due_seconds",
                            "How long the oldest due task has waited for a worker, by queue.",
                            labels=["queue"])
    for row in due:
        since = min(t for t in (row["first_enqueued"], row["first_due"]) if t is not None)
        depth.add_metric([row["queue_name"]], row["n"])
        age.add_metric([row["queue_name"]], max(0.0, (now - since).total_seconds()))
    running = GaugeMetricFamily("tribune_tasks_running", "Background tasks running now.")
    running.add_metric([], DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count())

    seen = worker_last_seen()
    worker = GaugeMetricFamily("tribune_worker_last_seen_seconds",
                               "Seconds since a worker last recorded its heartbeat (+Inf: never).")
    worker.add_metric([], (now - seen).total_seconds() if seen else float("inf"))
    return [emails, email_age, depth, age, running, worker]
