"""How a live server learns that a watched thread changed, whichever process changed it.

PostgreSQL: a trigger on the thread's version (migration 0016) sends NOTIFY tribune_live with
the thread's id from the transaction of the change, so it arrives when that transaction commits
and never for one rolled back. The live server LISTENs on a connection of its own; after
(re)connecting it reads every watched thread again, for what changed while it was not listening,
and it still compares versions every DISCUSSION_LIVE_POLL × 40 seconds as a safety net.

SQLite has no such messages: the live server reads the versions of all its watched threads in
one query every DISCUSSION_LIVE_POLL seconds.
"""

import asyncio
import logging

import psycopg
from django.db import DatabaseError, connection

from .. import conf
from ..models import Thread
from .hub import Hub

logger = logging.getLogger("tribune.live")
CHANNEL = "tribune_live"
# The slower safety-net look on PostgreSQL, in polls.
POSTGRES_POLL_FACTOR = 40


def watchers(hub: Hub) -> list:
    """Return the coroutines that keep `hub` told of changes, for this database."""
    if connection.vendor == "postgresql":
        return [_listen(hub), _compare_versions(hub, factor=POSTGRES_POLL_FACTOR)]
    return [_compare_versions(hub, factor=1)]


def thread_versions(*, thread_ids: list[int]) -> dict[int, int]:
    """Return the current version of each of `thread_ids` that still exists, in one query per 500."""
    versions = {}
    for start in range(0, len(thread_ids), 500):
        chunk = thread_ids[start:start + 500]
        versions.update(Thread.objects.filter(pk__in=chunk).values_list("pk", "version"))
    return versions


async def _compare_versions(hub: Hub, *, factor: int) -> None:
    while True:
        await asyncio.sleep(conf.get("DISCUSSION_LIVE_POLL") * factor)
        known = hub.watched()
        if not known:
            continue
        try:
            current = await hub.database.run(thread_versions, thread_ids=list(known))
        except DatabaseError:
            logger.exception("live: reading thread versions failed")
            continue
        for thread_id, version in known.items():
            # A thread gone from the table is read too: its readers are let go.
            if current.get(thread_id) != version:
                hub.changed(thread_id)


async def _listen(hub: Hub) -> None:
    delay = 1.0
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(**_connect_arguments(),
                                                             autocommit=True) as listener:
                await listener.execute(f"LISTEN {CHANNEL}")
                delay = 1.0
                # Whatever changed while nobody listened.
                hub.changed_all()
                async for notice in listener.notifies():
                    if notice.payload.isdigit():
                        hub.changed(int(notice.payload))
        except (psycopg.Error, OSError) as exc:
            logger.warning("live: listening to PostgreSQL failed (%s); again in %.0f s", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)


def _connect_arguments() -> dict:
    """Return psycopg's connection arguments for the default database, as Django connects."""
    settings = connection.settings_dict
    arguments = {"dbname": settings["NAME"]}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
        if settings.get(key):
            arguments[name] = str(settings[key])
    for key, value in (settings.get("OPTIONS") or {}).items():
        # Django's own options are not libpq's.
        if key not in ("isolation_level", "pool", "server_side_binding", "assume_role", "cursor_factory",
                       "prepare_threshold", "context"):
            arguments[key] = value
    return arguments
