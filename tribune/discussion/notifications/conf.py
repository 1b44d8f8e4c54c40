"""Settings of email notifications and their defaults; read at call time so override_settings works."""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # Subscriptions one guest address may ask for per window (seconds); each may send a confirmation.
    "DISCUSSION_SUBSCRIBE_RATE": (10, 3600),
    # How long a guest's confirmation link works.
    "DISCUSSION_CONFIRM_MAX_AGE": timedelta(days=3),
    # At most one confirmation request per address in this window, so nobody can flood a mailbox.
    "DISCUSSION_CONFIRM_INTERVAL": timedelta(minutes=15),
    # Waits before each new attempt after the mail server failed; after the last one it gives up.
    "DISCUSSION_DELIVERY_RETRY_DELAYS": [
        timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
        timedelta(hours=2), timedelta(hours=12),
    ],
    # A delivery still "sending" after this long was cut off by a crash; it is shown as failed.
    "DISCUSSION_DELIVERY_STALE_AFTER": timedelta(minutes=10),
    # How long comments wait for a daily digest: the first one waiting starts the clock.
    "DISCUSSION_DIGEST_INTERVAL": timedelta(days=1),
    # Comments older than this are never announced (imports and the demo keep their old dates).
    "DISCUSSION_ANNOUNCE_MAX_AGE": timedelta(days=7),
    # Whether a registered reader gets mention emails before choosing on their subscriptions page.
    "DISCUSSION_MENTIONS_DEFAULT": False,
}


def get(name: str):
    """Return the setting `name`, falling back to its default."""
    return getattr(settings, name, DEFAULTS[name])
