"""The site's settings for the drills: the same, with the mail server tried again every second
instead of after a minute, so that a drill sees the outbox catch up within its run time."""

from datetime import timedelta

from tribune.config.settings.base import *  # noqa: F403

DISCUSSION_DELIVERY_RETRY_DELAYS = [timedelta(seconds=1)] * 60
