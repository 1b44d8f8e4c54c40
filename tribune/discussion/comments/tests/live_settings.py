"""Settings of the live servers the tests start (live_helpers.LiveStream): production's, read
from the environment as `tribune live` reads them, with intervals short enough for a test."""

from tribune.config.settings.base import *  # noqa: F403

DISCUSSION_LIVE_INTERVAL = 0.2
DISCUSSION_LIVE_POLL = 0.1
DISCUSSION_LIVE_HEARTBEAT = 1.0
DISCUSSION_LIVE_LINGER = 5.0
DISCUSSION_LIVE_HISTORY = 20
DISCUSSION_LIVE_CONNECTIONS_PER_ADDRESS = 6
# Ten at once in all: a few more than one address may hold.
DISCUSSION_LIVE_MAX_CONNECTIONS = 10
DISCUSSION_LIVE_SEND_TIMEOUT = 5.0
