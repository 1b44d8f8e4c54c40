"""Count what the services announce, for the metrics (metrics.registry).

Each count waits for the commit of the change it counts: a rolled-back comment, vote or payment
never happened. Signals other apps send after their commit are counted at once.
"""

from django.db import transaction
from django.db.models.signals import post_save

from tribune.discussion.comments.signals import comment_posted, comment_refused, vote_cast
from tribune.discussion.moderation.models import ModerationAction, Report
from tribune.donations.models import LedgerEntry

from .metrics.registry import COMMENTS, LEDGER_ENTRIES, MODERATION_DECISIONS, REPORTS, VOTES

_VOTE_VALUES = {1: "up", -1: "down", 0: "withdrawn"}


def count_comment_on_comment_posted(sender, comment, held, **kwargs) -> None:
    outcome = "held" if held else "posted"
    transaction.on_commit(lambda: COMMENTS.labels(outcome).inc())


def count_refusal_on_comment_refused(sender, **kwargs) -> None:
    COMMENTS.labels("refused").inc()


def count_vote_on_vote_cast(sender, value, **kwargs) -> None:
    VOTES.labels(_VOTE_VALUES.get(value, "other")).inc()


def count_decision_on_moderation_action_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        action = instance.action
        transaction.on_commit(lambda: MODERATION_DECISIONS.labels(action).inc())


def count_report_on_report_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        counted = "true" if instance.counted else "false"
        transaction.on_commit(lambda: REPORTS.labels(counted).inc())


def count_entry_on_ledger_entry_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        kind, test = instance.kind, "true" if instance.is_test else "false"
        transaction.on_commit(lambda: LEDGER_ENTRIES.labels(kind, test).inc())


def connect() -> None:
    comment_posted.connect(count_comment_on_comment_posted, dispatch_uid="operations.comment_posted")
    comment_refused.connect(count_refusal_on_comment_refused, dispatch_uid="operations.comment_refused")
    vote_cast.connect(count_vote_on_vote_cast, dispatch_uid="operations.vote_cast")
    post_save.connect(count_decision_on_moderation_action_saved, sender=ModerationAction,
                      dispatch_uid="operations.moderation_action")
    post_save.connect(count_report_on_report_saved, sender=Report, dispatch_uid="operations.report")
    post_save.connect(count_entry_on_ledger_entry_saved, sender=LedgerEntry,
                      dispatch_uid="operations.ledger_entry")
