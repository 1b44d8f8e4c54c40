"""Discussion settings and their defaults; read at call time so override_settings works."""

from django.conf import settings

DEFAULTS = {
    # Whether a guest may post without giving a name.
    "DISCUSSION_ALLOW_ANONYMOUS": True,
    # Top-level comments shown before "View all comments".
    "DISCUSSION_FIRST_PAGE": 20,
    # Longest comment body, in characters.
    "DISCUSSION_MAX_LENGTH": 5000,
    # Name cookie that remembers a closed "please comment" prompt.
    "DISCUSSION_PROMPT_COOKIE": "tribune_prompt_closed",
}


def get(name: str):
    """Return the setting `name`, falling back to its default."""
    return getattr(settings, name, DEFAULTS[name])
