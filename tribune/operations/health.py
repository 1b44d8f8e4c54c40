"""What /healthz and /readyz answer.

/healthz says the process is up and answers requests: it touches nothing else, so a load
balancer or an orchestrator restarting unhealthy processes never restarts one for a database
outage. /readyz checks what serving the site needs, each check by name:

- database: a query gets an answer;
- migrations: every migration of the installed code is applied (once true, a process never
  asks again: migrations are not undone under a running server);
- worker: a `tribune worker` recorded its heartbeat within OPERATIONS_WORKER_SEEN_WITHIN;
- email: no email has waited in the outbox longer than OPERATIONS_EMAIL_MAX_WAIT.

`?checks=database,migrations` asks for some of them only: what a load balancer wants to know
before sending readers to this process, leaving the worker and the email to the monitoring.
Answers are JSON naming each check and what failed, in fixed words: never an error's own text,
which may hold a host name, a user or a path (those go to the log).
"""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tribune.discussion.notifications.models import Delivery

from . import conf
from .heartbeat import worker_last_seen

logger = logging.getLogger("tribune.operations.health")

OK = "ok"
NOT_CHECKED = "not checked: the database cannot be reached"
_DATABASE_DOWN = "the database cannot be reached"
_migrations_applied = False


def readiness(*, checks: list[str]) -> dict[str, str]:
    """Run the named readiness checks in order; return each one's "ok" or problem.

    Raises KeyError for an unknown check name. When the database cannot be reached, the checks
    that read it say they were not checked.
    """
    answers = {}
    database_up = True
    for name in checks:
        check = READINESS_CHECKS[name]
        if name != "database" and not database_up:
            answers[name] = NOT_CHECKED
            continue
        try:
            answers[name] = check()
        except DatabaseError as exc:
            logger.warning("Readiness check %s: the database cannot be reached: %s", name, exc)
            answers[name] = _DATABASE_DOWN
            database_up = False
    return answers


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _migrations() -> str:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return f"{len(plan)} migrations are not applied; run tribune migrate"
        _migrations_applied = True
    return OK


def _worker() -> str:
    within = conf.get("OPERATIONS_WORKER_SEEN_WITHIN")
    seen = worker_last_seen()
    if seen is None or seen < timezone.now() - within:
        minutes = max(1, int(within.total_seconds() // 60))
        return f"no worker seen in the last {minutes} minutes; run tribune worker"
    return OK


def _email() -> str:
    max_wait = conf.get("OPERATIONS_EMAIL_MAX_WAIT")
    waiting = Delivery.objects.filter(state__in=(Delivery.State.QUEUED, Delivery.State.SENDING),
                                      created_at__lt=timezone.now() - max_wait).count()
    if waiting:
        minutes = max(1, int(max_wait.total_seconds() // 60))
        return f"{waiting} emails have waited more than {minutes} minutes"
    return OK


READINESS_CHECKS = {
    "database": _database,
    "migrations": _migrations,
    "worker": _worker,
    "email": _email,
}
