"""The gate a comment passes: whether it is stored, held for review or refused, and whether a
thread still takes comments. The moderation room's rules register here (from its ready()), so
the comment section never imports them.

A check receives a Candidate and returns a Verdict; the first refusal wins, else the first
hold. A closing rule receives a thread and returns True when the thread no longer takes
comments (the site's "close after N days"). With nothing registered every comment is allowed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .identity import Reader
from .models import Thread

ALLOW, HOLD, REJECT = "allow", "hold", "reject"
# The counter of comments per connection (core.ratelimit), in one-minute windows, that
# comment_post adds one to with its own rate count: a flood rule reads it.
FLOOD_SCOPE, FLOOD_WINDOW = "comment_flood", 60


@dataclass(frozen=True)
class Candidate:
    """A comment about to be stored, or an edit about to replace a comment's text."""

    thread: Thread
    body: str
    reader: Reader
    guest_email: str = ""
    # The rules object of whoever checks (the moderation room puts its settings here).
    rules: object = None
    # The comment an edit changes (None for a new comment): a repeat check leaves it out.
    comment_id: int | None = None

    @property
    def is_edit(self) -> bool:
        """An author's edit, which meets the same checks as a post except the rate counts."""
        return self.comment_id is not None


@dataclass(frozen=True)
class Verdict:
    action: str  # ALLOW, HOLD or REJECT
    reason: str = ""
    likely_spam: bool = False


ALLOWED = Verdict(ALLOW)

_checks: list[Callable[[Candidate], Verdict]] = []
_closing_rules: list[Callable[[Thread], bool]] = []


def gate_check_register(check: Callable[[Candidate], Verdict]) -> None:
    """Run `check` on every comment and edit, after the checks registered before it."""
    if check not in _checks:
        _checks.append(check)


def gate_closing_register(rule: Callable[[Thread], bool]) -> None:
    """Ask `rule` whether an open thread is closed all the same."""
    if rule not in _closing_rules:
        _closing_rules.append(rule)


def comment_verdict(candidate: Candidate) -> Verdict:
    """Run every check on `candidate`: the first refusal wins, else the first hold, else allow."""
    held = None
    for check in _checks:
        verdict = check(candidate)
        if verdict.action == REJECT:
            return verdict
        if verdict.action == HOLD and held is None:
            held = verdict
    return held or ALLOWED


def thread_closed_by_rule(thread: Thread) -> bool:
    """Return whether a closing rule closes `thread` although it is open."""
    return any(rule(thread) for rule in _closing_rules)
