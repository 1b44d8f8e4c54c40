"""Serve the metrics: as text for /metrics (behind METRICS_TOKEN), or on their own bind."""

from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, start_http_server
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

from .database import DatabaseCollector

# One per process, so that its few seconds' memory of the database's figures is shared.
_database = DatabaseCollector()


def metrics_render() -> tuple[bytes, str]:
    """Return every metric in Prometheus' text format, and its content type."""
    return generate_latest(metrics_registry(database=_database)), CONTENT_TYPE_LATEST


def metrics_registry(*, database: DatabaseCollector) -> CollectorRegistry:
    """Return a registry of what every server process counted and what the database holds."""
    registry = CollectorRegistry(auto_describe=False)
    if settings.METRICS_MULTIPROC_DIR:
        MultiProcessCollector(registry, path=settings.METRICS_MULTIPROC_DIR)
    else:
        registry.register(_ThisProcess())
    registry.register(database)
    return registry


def metrics_server_start(bind: str):
    """Serve the metrics on `bind` (host:port) from a thread of this process; return the server.

    Raises OSError when the address cannot be bound.
    """
    host, _, port = bind.rpartition(":")
    registry = metrics_registry(database=DatabaseCollector(close_connections=True))
    server, _thread = start_http_server(int(port), addr=host.strip("[]"), registry=registry)
    return server


class _ThisProcess:
    """The counts of this process alone, when it is the only one (no multiprocess folder)."""

    def collect(self):
        return REGISTRY.collect()
