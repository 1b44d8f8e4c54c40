"""Background tasks of the discussion app (django-tasks; `tribune worker` runs them).

Each task takes primary keys, loads the rows and calls one service. Enqueue them inside
`transaction.on_commit` so that a worker never looks for a row that is not committed yet.
"""

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Comment


@task()
def comment_announce_task(comment_id: int) -> int:
    """Decide who hears about a visible comment and queue their emails; return how many."""
    from .services.deliveries import comment_deliveries_create

    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        return 0
    return len(comment_deliveries_create(comment=comment))


@task()
def delivery_send_task(delivery_id: int) -> str | None:
    """Send one email from the outbox (a no-op when it is not due or someone else sends it)."""
    from .services.deliveries import delivery_send

    return delivery_send(delivery_id=delivery_id)


@task()
def digest_send_task(subscriber_id: int) -> int | None:
    """Gather an address's waiting comments into its daily digest when the day is over."""
    from .services.deliveries import digest_build

    digest = digest_build(subscriber_id=subscriber_id)
    return digest.pk if digest is not None else None


def enqueue(task_, *args, run_after: datetime | None = None) -> None:
    """Enqueue `task_`, after `run_after` when given. A backend that cannot defer (the test
    suite's immediate one) gets only tasks that are due; `tribune worker` picks up the rest
    from the outbox when it starts."""
    if run_after is not None and run_after > timezone.now():
        if not task_.get_backend().supports_defer:
            return
        task_ = task_.using(run_after=run_after)
    task_.enqueue(*args)


def worker_resume() -> int:
    """Pick up what a stopped worker left behind; `tribune worker` calls it before starting.

    Announcements left running by a crash are enqueued again (they only add missing outbox
    rows), then the outbox is resumed (see services.deliveries.delivery_resume).
    """
    from django_tasks import TaskResultStatus
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from . import conf
    from .services.deliveries import delivery_resume

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


@task()
def data_link_send_task(email: str, link: str) -> None:
    """Send a guest the link to download or erase what they wrote under `email`."""
    context = {"link": link, "site_name": settings.SITE_NAME}
    send_mail(
        subject=_("Your comments on %(site)s") % {"site": settings.SITE_NAME},
        message=render_to_string("discussion/email/data_link.txt", context),
        from_email=None,
        recipient_list=[email],
        html_message=render_to_string("discussion/email/data_link.html", context),
    )
