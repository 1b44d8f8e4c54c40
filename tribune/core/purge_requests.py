"""Send one purge to the cache in front, and when to try again (see core.purge)."""

import json
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

# Tries of one purge, the first included.
PURGE_ATTEMPTS = 5
# Seconds before the second try; each later one waits twice as long.
PURGE_FIRST_DELAY = 2
# Seconds one purge request may take.
PURGE_TIMEOUT = 10


def purge_send(*, keys: list[str], paths: list[str]) -> None:
    """Send one purge now. Raises OSError (urllib's errors included) when it did not succeed."""
    url = settings.HTTP_PURGE_URL
    headers = {"User-Agent": "Tribune purge"}
    if settings.HTTP_PURGE_TOKEN:
        headers["Authorization"] = f"Bearer {settings.HTTP_PURGE_TOKEN}"
    if "{path}" in url:
        for path in paths:
            # The scheme is checked in settings (http or https only).
            _send(urllib.request.Request(url.replace("{path}", path), method="PURGE",  # noqa: S310
                                         headers=headers), missing_ok=True)
        return
    body = json.dumps({"keys": keys, "paths": paths,
                       "urls": [settings.SITE_URL + path for path in paths]}).encode()
    headers.update({"Content-Type": "application/json", "Surrogate-Key": " ".join(keys),
                    "Cache-Tag": ",".join(keys)})
    _send(urllib.request.Request(url, data=body, method="POST", headers=headers),  # noqa: S310
          missing_ok=False)


def purge_retry_at(attempt: int):
    """Return when try number `attempt + 1` of a purge is due."""
    return timezone.now() + timedelta(seconds=PURGE_FIRST_DELAY * 2 ** (attempt - 1))


def _send(request, *, missing_ok: bool) -> None:
    try:
        with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as response:  # noqa: S310 (the operator's URL)
            response.read()
    except urllib.error.HTTPError as error:
        if not (missing_ok and error.code == 404):
            raise
