"""Background tasks of email notifications (django-tasks; `tribune worker` runs them).

Each task takes primary keys, loads the rows and calls one service; `register()` (from the app's
ready()) lets the services enqueue them by name through queue.py.
"""

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from tribune.core.db.outage import outage_retry
from tribune.discussion.comments.models import Comment

from . import conf
from .queue import task_register
from .services.deliveries import comment_deliveries_create, delivery_resume, delivery_send, digest_build


def _through_outages(step, what: str):
    """Run a task's step, waiting out a database outage and running it again (every step here
    may run twice), rather than failing the task and losing its emails."""
    return outage_retry(step, what=what, timeout=conf.get("DISCUSSION_DELIVERY_STALE_AFTER").total_seconds())


@task()
def comment_announce_task(comment_id: int) -> int:
    """Decide who hears about a visible comment and queue their emails; return how many."""
    def announce():
        comment = Comment.objects.filter(pk=comment_id).first()
        return 0 if comment is None else len(comment_deliveries_create(comment=comment))

    return _through_outages(announce, "announcing a comment")


@task()
def delivery_send_task(delivery_id: int) -> str | None:
    """Send one email from the outbox (a no-op when it is not due or someone else sends it)."""
    return _through_outages(lambda: delivery_send(delivery_id=delivery_id), "sending an email")


@task()
def digest_send_task(subscriber_id: int) -> int | None:
    """Gather an address's waiting comments into its daily digest when the day is over."""
    digest = _through_outages(lambda: digest_build(subscriber_id=subscriber_id), "building a digest")
    return digest.pk if digest is not None else None


def register() -> None:
    task_register("comment_announce", comment_announce_task)
    task_register("delivery_send", delivery_send_task)
    task_register("digest_send", digest_send_task)


def worker_resume() -> int:
    """Pick up what a stopped worker left behind; `tribune worker` calls it before starting.

    Announcements left running by a crash are enqueued again (they only add missing outbox
    rows), then the outbox is resumed (see services.deliveries.delivery_resume).
    """
    if isinstance(comment_announce_task.get_backend(), DatabaseBackend):
        now = timezone.now()
        stuck = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, task_path=comment_announce_task.module_path,
            started_at__lt=now - conf.get("DISCUSSION_DELIVERY_STALE_AFTER"))
        for args_kwargs in stuck.values_list("args_kwargs", flat=True):
            comment_announce_task.enqueue(*args_kwargs.get("args", []), **args_kwargs.get("kwargs", {}))
        stuck.update(status=TaskResultStatus.FAILED, finished_at=now,
                     traceback="The worker stopped while running this task; it was enqueued again.")
    return delivery_resume()
