"""Settings for the discussion benchmark: production settings with the posting limit raised.

The benchmark posts hundreds of comments a second from one loopback address; the production
limit (DISCUSSION_POST_RATE) would refuse all but the first few. Use it with
DJANGO_SETTINGS_MODULE=bench.settings and the repository on PYTHONPATH.
"""

from tribune.config.settings.base import *  # noqa: F403

# Comments one address may post per window (seconds): high enough never to refuse the load.
DISCUSSION_POST_RATE = (10_000_000, 60)
