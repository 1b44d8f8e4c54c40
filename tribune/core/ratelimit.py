"""Fixed-window rate limits counted in the database, so every server process sees one count.

A limit is per scope ("comment_post") and key (a hashed address). Counting uses an atomic
UPDATE ... SET count = count + 1, so concurrent requests never lose a hit.
"""

import random
import time

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import RateCounter

# Share of calls that also delete counters of windows long past.
_CLEANUP_CHANCE = 0.01


class RateLimitedError(DomainError):
    code = "rate_limited"
    status = 429

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> None:
    """Count one action for (`scope`, `key`); raise RateLimitedError past `limit` per `window` s."""
    now = int(time.time())
    window_start = now - now % window
    bucket = f"{scope}:{key}"[:200]
    with transaction.atomic():
        counters = RateCounter.objects.filter(key=bucket, window_start=window_start)
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=bucket, window_start=window_start, count=1)
            except IntegrityError:
                counters.update(count=F("count") + 1)
        count = counters.values_list("count", flat=True).first() or 0
    if random.random() < _CLEANUP_CHANCE:
        RateCounter.objects.filter(window_start__lt=now - 86400).delete()
    if count > limit:
        retry_after = max(1, window_start + window - now)
        raise RateLimitedError(
            _("Too many requests from your connection. Try again in %(seconds)s seconds.")
            % {"seconds": retry_after},
            retry_after=retry_after,
        )
