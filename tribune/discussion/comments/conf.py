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
    # Guest identities (browser keys) one address may start voting with per window (seconds):
    # readers sharing a connection each vote, a script clearing its cookies soon stops.
    "DISCUSSION_VOTE_FRESH_GUESTS": (30, 3600),
    # Guests of one address whose votes count on one comment (a household, an office).
    "DISCUSSION_VOTE_GUESTS_PER_ADDRESS": 10,
    # Origins (https://blog.example.org) of sites allowed to embed the discussion: their pages may
    # have threads by URL, write through the API and read its answers (see embedding.py); empty allows none.
    "DISCUSSION_EMBED_HOSTS": [],
    # Cookie that remembers a closed "please comment" prompt.
    "DISCUSSION_PROMPT_COOKIE": "tribune_prompt_closed",
    # Where browsers reach the live endpoint (new comments, edits and votes as they happen): a
    # path on the site ("/live/", a proxy routes it) or an address; empty: pages do not connect.
    # Set from LIVE_URL and LIVE_BIND (config/settings/server.py).
    "DISCUSSION_LIVE_URL": "",
    # Seconds between two events about one thread: changes within them travel together.
    "DISCUSSION_LIVE_INTERVAL": 1.0,
    # Seconds between two looks at the watched threads' versions on SQLite (PostgreSQL tells
    # the live server at once, LISTEN/NOTIFY, and is looked at this often times 40 as a safety net).
    "DISCUSSION_LIVE_POLL": 0.25,
    # Seconds between two heartbeats (a comment line) on an idle connection, so that proxies and
    # routers keep it open.
    "DISCUSSION_LIVE_HEARTBEAT": 20.0,
    # New comments one event carries in full; beyond that it counts them and readers ask the API
    # when they reveal them. Every byte goes to every reader (2,000 readers × 10 comments is 25 MB a
    # second during a flood of posts): docs/benchmarks.md, live updates.
    "DISCUSSION_LIVE_EVENT_COMMENTS": 10,
    # Events kept per thread for readers who reconnect; one further behind catches up from the API.
    "DISCUSSION_LIVE_HISTORY": 100,
    # Seconds a thread stays watched after its last reader left, for readers who reconnect.
    "DISCUSSION_LIVE_LINGER": 60.0,
    # Live connections open at once from one address (an IPv6 /64 counts as one).
    "DISCUSSION_LIVE_CONNECTIONS_PER_ADDRESS": 32,
    # Live connections one address may open per window (seconds): a reconnecting loop is refused.
    "DISCUSSION_LIVE_CONNECT_RATE": (120, 60),
    # Live connections one server process holds at most (also bounded by its open-files limit).
    "DISCUSSION_LIVE_MAX_CONNECTIONS": 20_000,
    # Seconds a write to a reader may wait (a reader who stopped reading) before it is closed.
    "DISCUSSION_LIVE_SEND_TIMEOUT": 60.0,
}


def get(name: str):
    """Return the setting `name`, falling back to its default."""
    return getattr(settings, name, DEFAULTS[name])
