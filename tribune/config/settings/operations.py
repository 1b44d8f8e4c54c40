"""Running the site: metrics, error reports and the log's format, from the environment.

Metrics are off unless asked for, and never public: `METRICS_BIND` gives them their own small
HTTP server (started by `tribune serve`, on an address the operator chooses, typically one only
the monitoring reaches), `METRICS_TOKEN` serves them at /metrics to a scraper that sends the
token as `Authorization: Bearer <token>`. The server's worker processes pool their counts in a
folder (prometheus-client's multiprocess mode): `PROMETHEUS_MULTIPROC_DIR`, or var/metrics.
"""

from pathlib import Path
from urllib.parse import urlsplit

from .env import EnvError, env_str, var_dir

LOG_FORMATS = ("text", "json")
# A token a scraper sends; short ones could be guessed by anyone who reaches /metrics.
METRICS_TOKEN_MINIMUM = 32


def operations_from_env() -> dict:
    """Return the METRICS_*, SENTRY_* and LOG_FORMAT settings; raise EnvError naming a wrong one."""
    bind = env_str("METRICS_BIND") or ""
    if bind and not _bind_valid(bind):
        raise EnvError("METRICS_BIND", f"expected host:port (127.0.0.1:9100), got {bind!r}")
    token = env_str("METRICS_TOKEN") or ""
    if token and len(token) < METRICS_TOKEN_MINIMUM:
        raise EnvError("METRICS_TOKEN", f"must be at least {METRICS_TOKEN_MINIMUM} characters; make one "
                       "with python -c 'import secrets; print(secrets.token_urlsafe(32))'")
    dsn = env_str("SENTRY_DSN") or ""
    if dsn and not _dsn_valid(dsn):
        # The DSN itself is not repeated: it is a credential of the operator's Sentry project.
        raise EnvError("SENTRY_DSN", "expected the project's DSN, like https://KEY@sentry.example.org/42")
    log_format = (env_str("LOG_FORMAT") or "text").lower()
    if log_format not in LOG_FORMATS:
        raise EnvError("LOG_FORMAT", f"expected text or json, got {log_format!r}")
    return {
        "METRICS_BIND": bind,
        "METRICS_TOKEN": token,
        "METRICS_MULTIPROC_DIR": env_str("PROMETHEUS_MULTIPROC_DIR") or "",
        "SENTRY_DSN": dsn,
        "SENTRY_ENVIRONMENT": env_str("SENTRY_ENVIRONMENT") or "production",
        "LOG_FORMAT": log_format,
    }


def metrics_multiproc_dir() -> Path | None:
    """Return the folder where the server's processes pool their metrics, or None when metrics
    are off. `tribune serve` empties it and names it in PROMETHEUS_MULTIPROC_DIR before starting."""
    if not (env_str("METRICS_BIND") or env_str("METRICS_TOKEN")):
        return None
    return Path(env_str("PROMETHEUS_MULTIPROC_DIR") or var_dir() / "metrics").resolve()


def logging_config(*, log_format: str, level: str) -> dict:
    """Return Django's LOGGING: Tribune's messages at `level`, everyone else's warnings, on
    standard error, as plain lines or one JSON object per line, signed links' tokens replaced."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
            "json": {"()": "tribune.operations.logs.JsonFormatter"},
        },
        "filters": {"signed_links": {"()": "tribune.operations.logs.SignedLinksFilter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["signed_links"],
                                 "formatter": "json" if log_format == "json" else "plain"}},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {"tribune": {"level": level}},
    }


def _bind_valid(bind: str) -> bool:
    host, _, port = bind.rpartition(":")
    return bool(host) and port.isdigit() and 1 <= int(port) <= 65535


def _dsn_valid(dsn: str) -> bool:
    try:
        parts = urlsplit(dsn)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.username) and bool(parts.hostname) \
        and parts.path.strip("/").rsplit("/", 1)[-1].isdigit()
