"""Which comments a reader has reported, for their Report control to read "Reported".

The moderation room keeps the reports, and the comment section cannot import it: it registers
the answer here from its AppConfig.ready(). Without it, no comment reads as reported.
"""

from collections.abc import Callable

# provider(voter, comment_ids) -> the ids among comment_ids that `voter` reported
_providers: list[Callable[[str, list[int]], set[int]]] = []


def reported_provider_register(provider: Callable[[str, list[int]], set[int]]) -> None:
    """Say which comments a reader (by Reader.voter) reported, in one query for a whole list."""
    if provider not in _providers:
        _providers.append(provider)


def comments_reported(*, voter: str, comment_ids: list[int]) -> set[int]:
    """Return the ids among `comment_ids` that the reader known as `voter` reported."""
    if not voter or not comment_ids:
        return set()
    return {pk for provider in _providers for pk in provider(voter, comment_ids)}
