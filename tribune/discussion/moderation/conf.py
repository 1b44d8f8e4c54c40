"""Settings of moderation and their defaults; read at call time so override_settings works.

The rules editors change without a deploy (modes, words, links, thresholds) are in the database
(models.ModerationSettings); these are the operator's.
"""

from django.conf import settings

DEFAULTS = {
    # Hold a guest's first comment for review until one of theirs has been approved.
    "DISCUSSION_HOLD_FIRST_GUEST_COMMENT": False,
    # Reports one address may send per window (seconds); each counts once towards hiding anyway.
    "DISCUSSION_REPORT_RATE": (20, 3600),
    # Dotted paths of extra moderation checks (see moderation.policies), run after the built-in ones.
    "DISCUSSION_EXTRA_CHECKS": [],
}


def get(name: str):
    """Return the setting `name`, falling back to its default."""
    return getattr(settings, name, DEFAULTS[name])
