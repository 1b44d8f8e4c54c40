"""The worker's heartbeat: a running `tribune worker` records that it is alive, /readyz reads it.

The heartbeat comes from a thread of the worker's own, every OPERATIONS_HEARTBEAT_INTERVAL, on
a connection of its own that it closes after each beat: a database that restarted costs one
missed beat, never a broken worker. It says the process runs and reaches the database; a worker
stuck in one task shows as emails waiting too long (/readyz) and an old task queue (metrics).
"""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import Max
from django.utils import timezone

from . import conf
from .models import WorkerHeartbeat

logger = logging.getLogger("tribune.operations.heartbeat")

# Rows of workers that stopped without saying so (killed, their machine gone) are kept this long.
FORGET_AFTER = timedelta(days=1)


def worker_heartbeat_record(*, worker_id: str, started_at: datetime) -> None:
    """Record that worker `worker_id` is alive now."""
    now = timezone.now()
    if WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        return
    try:
        with transaction.atomic():
            WorkerHeartbeat.objects.create(worker_id=worker_id, started_at=started_at, seen_at=now)
    except IntegrityError:
        WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def worker_heartbeat_forget(*, worker_id: str) -> None:
    """Remove the heartbeat of a worker that stops."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def worker_last_seen() -> datetime | None:
    """Return when any worker last recorded its heartbeat, or None if none ever did."""
    return WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]


class Heartbeat:
    """Record a worker's heartbeat from a thread of its own until `stop()`."""

    def __init__(self, worker_id: str | None = None):
        self.worker_id = worker_id or f"{socket.gethostname()[:60]}:{os.getpid()}"
        self.started_at = timezone.now()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tribune-heartbeat", daemon=True)

    def start(self) -> None:
        """Record the first beat now, then keep beating in the background."""
        self.beat()
        self._thread.start()

    def stop(self) -> None:
        """Stop beating and remove the worker's heartbeat, so that it counts as gone at once."""
        self._stopping.set()
        self._thread.join(timeout=10)
        try:
            worker_heartbeat_forget(worker_id=self.worker_id)
        except DatabaseError as exc:
            logger.warning("Could not remove the heartbeat of worker %s: %s", self.worker_id, exc)

    def beat(self) -> None:
        """Record one beat; a database that cannot be reached is logged and tried again later."""
        try:
            worker_heartbeat_record(worker_id=self.worker_id, started_at=self.started_at)
        except DatabaseError as exc:
            logger.warning("Could not record the worker's heartbeat: %s", exc)
        finally:
            # This thread's connection only: a restarted database is met afresh next time.
            connections.close_all()

    def _run(self) -> None:
        interval = conf.get("OPERATIONS_HEARTBEAT_INTERVAL").total_seconds()
        while not self._stopping.wait(interval):
            self.beat()
