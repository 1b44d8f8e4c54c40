"""Tell the cache in front (a CDN, Varnish, nginx) to drop what a change made stale.

A change names the surrogate keys of the answers that show it (core.httpcache) and the paths
of those answers. After the change commits, a task (`tribune worker`) sends one purge:

- HTTP_PURGE_URL with `{path}` in it (http://127.0.0.1:8080{path}): one `PURGE` request per
  path, the form Varnish's usual purge rule and nginx's purge endpoints take; a 404 (nothing
  kept) counts as done.
- Any other HTTP_PURGE_URL: one POST naming the keys in `Surrogate-Key` (space-separated) and
  `Cache-Tag` (comma-separated) headers and in a JSON body {"keys": [...], "paths": [...],
  "urls": [...]}, with `Authorization: Bearer HTTP_PURGE_TOKEN` when set: the shape a CDN's
  purge-by-key API or a small webhook in front of it takes.

A purge that fails (no answer, an error status) is tried again later, PURGE_ATTEMPTS times in
all, waiting twice as long each time; the cache's own s-maxage bounds how stale a copy can stay
if every try fails. Without HTTP_PURGE_URL nothing is queued.
"""

from django.conf import settings
from django.db import transaction

from .tasks import purge_send_task


def purge_enqueue(*, keys: list[str], paths: list[str]) -> None:
    """Queue a purge of `keys` and `paths` for when the current transaction commits."""
    if not settings.HTTP_PURGE_URL:
        return
    keys, paths = list(dict.fromkeys(keys)), list(dict.fromkeys(paths))
    transaction.on_commit(lambda: purge_send_task.enqueue(keys=keys, paths=paths, attempt=1))
