"""Settings for the discussion benchmarks: production settings with the per-address limits raised.

The benchmark posts hundreds of comments a second from one loopback address; the production
limit (DISCUSSION_POST_RATE) would refuse all but the first few. Use it with
DJANGO_SETTINGS_MODULE=bench.settings and the repository on PYTHONPATH.
"""

from tribune.config.settings.base import *  # noqa: F403

# Comments one address may post per window (seconds): high enough never to refuse the load.
DISCUSSION_POST_RATE = (10_000_000, 60)
# Live connections from one address: the live benchmark (bench/live_speed.py) holds thousands
# of readers on 127.0.0.1.
DISCUSSION_LIVE_CONNECTIONS_PER_ADDRESS = 100_000
# Live connections one address may open per window (seconds): the benchmark's readers connect at once.
DISCUSSION_LIVE_CONNECT_RATE = (10_000_000, 60)
