"""django-tasks' database backend, writing each task's row with a statement built once.

Every published comment enqueues a task inside the transaction that stores it, so the task row
is written while the site's write lock is held; `DBTaskResult.objects.create()` would build and
compile its INSERT each time, and `enqueue()` would build the TaskResult it returns twice.
`enqueue_row()` writes the same row for a caller that reads no TaskResult (a comment's
announcement): no model instance, no signals, no TaskResult (which looks the task up again by
its path and copies it). Everything else (what a row holds, how workers claim it) is the
package's own.
"""

from django_tasks_db import DatabaseBackend as PackageDatabaseBackend
from django_tasks_db.compat import normalize_json, task_enqueued

from .rows import InsertRow, row_insert, rows_insert


class DatabaseBackend(PackageDatabaseBackend):
    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = self._task_to_db_task(task, args, kwargs).task_result
        task_enqueued.send(type(self), task_result=result)
        return result

    def enqueue_row(self, task, args: tuple) -> None:
        """Write the row enqueue() writes for `task` called with `args`; return nothing (and send
        no task_enqueued, whose only receiver is the package's debug log line)."""
        # Imported here, like _task_to_db_task's: the backend is made before models may load.
        from django_tasks_db.models import DBTaskResult

        self.validate_task(task)
        rows_insert(DBTaskResult, [InsertRow(DBTaskResult, **self._row_fields(task, args, {}))])

    def _task_to_db_task(self, task, args, kwargs):
        # Imported here: the backend is made with the settings, before models may be loaded.
        from django_tasks_db.models import DBTaskResult

        # The row the package's create() writes (DBTaskResult has no save() of its own).
        return row_insert(DBTaskResult(**self._row_fields(task, args, kwargs)))

    def _row_fields(self, task, args, kwargs) -> dict:
        """The columns the package's create() gives the row of `task` called with `args` and
        `kwargs` (the others keep the model's defaults)."""
        # Imported here, like _task_to_db_task's.
        from django_tasks_db.models import get_date_max

        return {
            "id": self._get_id(),
            "args_kwargs": normalize_json({"args": args, "kwargs": kwargs}),
            "priority": task.priority,
            "task_path": task.module_path,
            "queue_name": task.queue_name,
            # What the package's pre_save receiver makes of a task without a time to wait for
            # (enqueue_row sends no signals).
            "run_after": task.run_after or get_date_max(),
            "backend_name": self.alias,
        }


def tasks_requeue_abandoned(*, worker_id: str) -> int:
    """Enqueue again the tasks the worker `worker_id` claimed and left running (the database went
    away under it: it could record neither their end nor their failure); return how many.

    Only tasks whose work may be done twice belong on this queue (Tribune's are: each claims
    its rows or writes unique ones), so running one again finishes what it started.
    """
    # Imported here, like _task_to_db_task's: this module loads before the models may.
    from django.utils import timezone
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    abandoned = [row for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
                 if row.worker_ids and row.worker_ids[-1] == worker_id]
    for row in abandoned:
        row.task.enqueue(*row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {}))
    DBTaskResult.objects.filter(pk__in=[row.pk for row in abandoned]).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(),
        traceback="The database went away while the worker ran this task; it was enqueued again.")
    return len(abandoned)
