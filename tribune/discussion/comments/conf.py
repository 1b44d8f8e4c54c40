"""Discussion settings and their defaults; read at call time so override_settings works."""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # Whether a guest may post without giving a name.
    "DISCUSSION_ALLOW_ANONYMOUS": True,
    # Top-level comments shown before "View all comments", and per API page.
    "DISCUSSION_FIRST_PAGE": 20,
    # Longest comment body, in characters.
    "DISCUSSION_MAX_LENGTH": 5000,
    # Longest comment body an import keeps, in characters; longer ones are cut and reported (a
    # hostile export of megabyte bodies would otherwise stall the sanitizer for minutes).
    "DISCUSSION_IMPORT_MAX_LENGTH": 100_000,
    # How long after posting an author may still edit a comment.
    "DISCUSSION_EDIT_WINDOW": timedelta(minutes=15),
    # Comments one address may post per window (seconds).
    "DISCUSSION_POST_RATE": (10, 60),
    # Votes one address may cast per window (seconds).
    "DISCUSSION_VOTE_RATE": (60, 60),
    # Origins (https://blog.example.org) of sites allowed to embed the discussion: their pages may
    # have threads by URL, write through the API and read its answers (see embedding.py); empty allows none.
    "DISCUSSION_EMBED_HOSTS": [],
    # Cookie that remembers a closed "please comment" prompt.
    "DISCUSSION_PROMPT_COOKIE": "tribune_prompt_closed",
}


def get(name: str):
    """Return the setting `name`, falling back to its default."""
    return getattr(settings, name, DEFAULTS[name])
