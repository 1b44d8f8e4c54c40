"""The counters and histograms the server's processes keep (see the package docstring)."""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter(
    "tribune_http_requests", "Requests answered, by route (URL pattern name), method and status.",
    ["route", "method", "status"])
HTTP_LATENCY = Histogram(
    "tribune_http_request_duration_seconds", "Time to answer a request, by route and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
COMMENTS = Counter(
    "tribune_comments", "Comments offered, by outcome: posted (shown), held (for review), refused.",
    ["outcome"])
MODERATION_DECISIONS = Counter(
    "tribune_moderation_decisions", "Moderators' decisions, by action (approve, reject, spam, ...).",
    ["action"])
REPORTS = Counter(
    "tribune_reports", "Readers' reports of comments; counted says whether one counts towards hiding.",
    ["counted"])
VOTES = Counter("tribune_votes", "Votes cast, by value: up, down, or withdrawn.", ["value"])
LEDGER_ENTRIES = Counter(
    "tribune_ledger_entries", "Ledger entries recorded, by kind; test payments apart.", ["kind", "test"])

# Methods a client may send are endless; anything else is counted as "other".
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
