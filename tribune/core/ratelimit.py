"""Fixed-window rate limits counted in the database, so every server process sees one count.

A limit is per scope ("comment_post") and key (a hashed address). A hit is one statement,
INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count (SQLite 3.35+ and
PostgreSQL), so concurrent requests never lose a hit and a hit costs one round trip. Both
statements are prepared on PostgreSQL (core.db.prepared): a post runs them, and planning them
cost more than running them.
"""

import random
import time
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from .db.prepared import prepared_cursor, rows_later
from .errors import DomainError
from .models import RateCounter

# Share of calls that also delete counters of windows long past.
_CLEANUP_CHANCE = 0.01
_TABLE = f'"{RateCounter._meta.db_table}"'


class RateLimitedError(DomainError):
    code = "rate_limited"
    status = 429

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int,
                   also: tuple[tuple[str, int], ...] = ()) -> None:
    """Count one action for (`scope`, `key`); raise RateLimitedError past `limit` per `window` s.
    `also` names other counts of the same key, (scope, window) each, that the same statement adds
    one to (a posted comment's flood count).

    Call it inside the transaction of the action: a refusal that rolls the action back also
    rolls the hits back."""
    now = int(time.time())
    window_start = now - now % window
    counts = _counts_add([(_bucket(scope, key), window_start)] +
                         [(_bucket(other, key), now - now % span) for other, span in also if other != scope],
                         now=now)
    count = counts[_bucket(scope, key)]
    if count > limit:
        retry_after = max(1, window_start + window - now)
        raise RateLimitedError(
            _("Too many requests from your connection. Try again in %(seconds)s seconds.")
            % {"seconds": retry_after},
            retry_after=retry_after,
        )


def rate_count_recent(*, scope: str, key: str, seconds: int) -> int:
    """Return the hits of (`scope`, `key`) in the windows that started in the last `seconds`."""
    return rate_count_recent_later(scope=scope, key=key, seconds=seconds)()


def rate_count_recent_later(*, scope: str, key: str, seconds: int) -> Callable[[], int]:
    """Send the read of rate_count_recent; return a function that returns the count (the read
    may join other reads' round trip: core.db.pipeline.reads_together)."""
    since = int(time.time()) - seconds
    rows = rows_later(connections[DEFAULT_DB_ALIAS],
                      f'SELECT COALESCE(SUM("count"), 0) FROM {_TABLE} '  # noqa: S608
                      'WHERE "key" = %s AND "window_start" > %s', [_bucket(scope, key), since])
    return lambda: rows()[0][0]


def _counts_add(rows: list[tuple[str, int]], *, now: int) -> dict[str, int]:
    """Add one to each (bucket, window start) in one statement; return the counts by bucket.
    Each bucket appears once (one statement may not change a row twice)."""
    with prepared_cursor() as cursor:
        cursor.execute(
            # The table's name is the model's, never input.
            f'INSERT INTO {_TABLE} ("key", "window_start", "count") VALUES '  # noqa: S608
            + ", ".join(["(%s, %s, 1)"] * len(rows)) +
            f' ON CONFLICT ("key", "window_start") DO UPDATE SET "count" = {_TABLE}."count" + 1 '
            'RETURNING "key", "count"',
            [value for row in rows for value in row],
        )
        counts = dict(cursor.fetchall())
    if random.random() < _CLEANUP_CHANCE:
        RateCounter.objects.filter(window_start__lt=now - 86400).delete()
    return counts


def _bucket(scope: str, key: str) -> str:
    return f"{scope}:{key}"[:200]
