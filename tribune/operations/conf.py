"""Settings of the operations app and their defaults; read at call time so override_settings works."""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # /readyz fails when no `tribune worker` has recorded a heartbeat for this long.
    "OPERATIONS_WORKER_SEEN_WITHIN": timedelta(minutes=5),
    # How often a running worker records its heartbeat.
    "OPERATIONS_HEARTBEAT_INTERVAL": timedelta(seconds=15),
    # /readyz fails when an email has waited in the outbox (queued or sending) this long.
    "OPERATIONS_EMAIL_MAX_WAIT": timedelta(minutes=30),
    # The database's figures in the metrics are measured at most this often per process, so
    # that scrapers asking often cost the database nothing more.
    "OPERATIONS_METRICS_DATABASE_MAX_AGE": timedelta(seconds=10),
}


def get(name: str):
    """Return the setting `name`, falling back to its default."""
    return getattr(settings, name, DEFAULTS[name])
