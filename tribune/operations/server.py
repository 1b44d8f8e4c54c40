"""What `tribune serve` adds to gunicorn: its logger, its hooks, and the metrics' own server.

gunicorn's own access line format starts with the client's address and carries the full path
and query, where signed links keep their tokens. Tribune's names the method, the route (the URL
pattern's name, which OperationsMiddleware leaves in the environ), the status, the size and the
time taken; with LOG_FORMAT=json every gunicorn line is a JSON object like the site's own.
"""

from django.conf import settings
from gunicorn.glogging import Logger
from prometheus_client import multiprocess

from .logs import JsonFormatter
from .metrics.exposition import metrics_server_start

ACCESS_LOG_FORMAT = "%(m)s %({tribune.route}e)s %(s)s %(B)s %(M)sms"


def gunicorn_options() -> dict:
    """Return the gunicorn options Tribune sets whatever the environment says."""
    return {"logger_class": GunicornLogger, "access_log_format": ACCESS_LOG_FORMAT,
            "child_exit": worker_exited}


def worker_exited(server, worker) -> None:
    """Let the metrics forget a finished worker's live gauges (its counts stay)."""
    if settings.METRICS_MULTIPROC_DIR:
        multiprocess.mark_process_dead(worker.pid, settings.METRICS_MULTIPROC_DIR)


def metrics_server_maybe_start():
    """Start the metrics' own server on METRICS_BIND, if set; return it or None.

    Raises OSError when the address cannot be bound.
    """
    if not settings.METRICS_BIND:
        return None
    return metrics_server_start(settings.METRICS_BIND)


class GunicornLogger(Logger):
    """gunicorn's logger, writing JSON lines when LOG_FORMAT=json."""

    def setup(self, cfg):
        super().setup(cfg)
        if settings.LOG_FORMAT == "json":
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    handler.setFormatter(JsonFormatter())
