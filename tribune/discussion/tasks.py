"""Background tasks of the discussion app (django-tasks; `tribune worker` runs them).

Each task takes primary keys, loads the rows and calls one service. Enqueue them inside
`transaction.on_commit` so that a worker never looks for a row that is not committed yet.
"""

from datetime import datetime

from django.utils import timezone
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
