"""Background tasks of core (django-tasks; `tribune worker` runs them)."""

import logging

from django_tasks import default_task_backend, task

from .purge_requests import PURGE_ATTEMPTS, purge_retry_at, purge_send

logger = logging.getLogger(__name__)


@task()
def purge_send_task(keys: list[str], paths: list[str], attempt: int = 1) -> bool:
    """Send a purge to the cache in front; queue the next try when it fails. Return whether it went."""
    try:
        purge_send(keys=keys, paths=paths)
        return True
    except OSError as exc:
        if attempt >= PURGE_ATTEMPTS:
            logger.error("purge of %s failed %s times, giving up: %s", " ".join(keys), attempt, exc)
            return False
        logger.warning("purge of %s failed (try %s), trying again: %s", " ".join(keys), attempt, exc)
        retry = purge_send_task
        if default_task_backend.supports_defer:
            retry = retry.using(run_after=purge_retry_at(attempt))
        retry.enqueue(keys=keys, paths=paths, attempt=attempt + 1)
        return False
