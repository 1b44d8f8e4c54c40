"""The log's lines: one JSON object each for log shippers (LOG_FORMAT=json), and no signed link.

Django logs each 4xx and 5xx answer with its path ("Not Found: /discussion/my-data/email/<token>/"),
and a signed link's path is the reader's key to their data: SignedLinksFilter replaces the token.
"""

import json
import logging
from datetime import UTC, datetime

from .scrub import text_scrub

# The loggers that write a request's path; they log only while requests are answered, once the
# URLs can be resolved.
_REQUEST_LOGGERS = ("django.request", "django.security")


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON: timestamp, level, logger, message, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # json.dumps escapes line breaks: a traceback stays on its one line.
        return json.dumps(entry, ensure_ascii=False, default=str)


class SignedLinksFilter(logging.Filter):
    """Replace the tokens of signed links in the paths Django's request loggers write."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(_REQUEST_LOGGERS):
            message = record.getMessage()
            scrubbed = text_scrub(message, addresses=False)
            if scrubbed != message:
                record.msg, record.args = scrubbed, None
        return True
