"""The background queue as the notification services see it: they enqueue work by name.

tasks.py defines the tasks, each a thin wrapper that calls a service, and registers them here
when the app is ready; the services enqueue by name. So the services never import the tasks
that call them, and imports run one way: tasks, then services, then this module.
"""

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from tribune.core.tasks_backend import DatabaseBackend

# The name a service enqueues under, and the task that does the work.
_tasks: dict = {}


def task_register(name: str, task_) -> None:
    """Let services enqueue `task_` as `name` (tasks.py, at startup)."""
    _tasks[name] = task_


def task_get(name: str):
    """Return the task registered as `name`."""
    return _tasks[name]


def enqueue(name: str, *args, run_after: datetime | None = None) -> None:
    """Enqueue the task `name`, after `run_after` when given. A backend that cannot defer (the
    test suite's immediate one) gets only tasks that are due; `tribune worker` picks up the rest
    from the outbox when it starts."""
    task_ = task_get(name)
    if run_after is not None and run_after > timezone.now():
        if not task_.get_backend().supports_defer:
            return
        task_ = task_.using(run_after=run_after)
    task_.enqueue(*args)


def enqueue_with_transaction(name: str, *args) -> None:
    """Enqueue the task `name` so that it exists if and only if the current transaction commits.

    With the database backend inside a transaction the task is a row written in it (a worker
    cannot see it before the commit, and it is never lost after); otherwise it is enqueued once
    the transaction commits.
    """
    task_ = task_get(name)
    backend = task_.get_backend()
    if connection.in_atomic_block and isinstance(backend, DatabaseBackend):
        # Nothing reads the TaskResult enqueue() would build: only the row is written.
        backend.enqueue_row(task_, args)
    else:
        transaction.on_commit(lambda: task_.enqueue(*args))
