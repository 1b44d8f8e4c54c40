"""Moderation checks: small classes that look at a comment about to be stored and answer allow,
hold (it waits in the queue, the writer is told why) or reject (refused, the writer is told why).

The built-in rules are checks like any other. An operator adds one by its dotted path in
DISCUSSION_EXTRA_CHECKS; it receives a Candidate and returns a Verdict, for instance from a spam
or toxicity service. Checks run in order; the first reject wins, else the first hold.
"""

import re
import threading
import time
from dataclasses import dataclass, replace
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from tribune.core.db.pipeline import reads_together
from tribune.core.ratelimit import rate_count_recent_later
from tribune.core.rows import rows_values_later
from tribune.discussion.comments.gate import ALLOWED, FLOOD_SCOPE, HOLD, REJECT, Candidate, Verdict
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Comment, Thread, body_digest

from . import conf
from .models import Block, ModerationSettings, WordRule

# Seconds a server process keeps the site's moderation settings, word rules and bans in force
# between reads: every post needs them, and they change rarely. A change made in this process
# applies at once, one made in another process within this time.
RULES_MAX_AGE = 5.0
# The flood rule sums the comment section's count of comments per connection (gate.FLOOD_SCOPE,
# one-minute windows) over ten minutes: a few rows whatever the number of comments.
FLOOD_SPAN = 600
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)




class BlockedAuthorCheck:
    """Refuse banned accounts, emails, guests' browsers and connections."""

    def check(self, candidate: Candidate) -> Verdict:
        now = timezone.now()
        reader = candidate.reader
        # An address ban holds the connection's rotating hash, so it lapses when the key rotates.
        who = []
        # Staff share connections with the people they ban (an office, a phone network, the
        # moderator who banned a troll from the same café): a connection ban never stops them.
        if reader.address_hash and not _staff(reader.user):
            who.append((Block.Kind.ADDRESS, reader.address_hash))
        if reader.user is not None:
            who.append((Block.Kind.ACCOUNT, str(reader.user.pk)))
            if reader.user.email:
                who.append((Block.Kind.EMAIL, reader.user.email.lower()))
        if reader.guest_key:
            who.append((Block.Kind.GUEST, reader.guest_key_hash))
        if candidate.guest_email:
            who.append((Block.Kind.EMAIL, candidate.guest_email.lower()))
        bans = _rules().bans
        for key in who:
            if key in bans and (bans[key] is None or bans[key] > now):
                return Verdict(REJECT, _("You cannot post comments here at the moment."))
        return ALLOWED


class WordsCheck:
    """Refuse comments with a banned word; hold those with a suspect word, saying which."""

    def check(self, candidate: Candidate) -> Verdict:
        text = candidate.body.casefold()
        suspect = None
        for rule in _rules().words:
            if not _contains_phrase(text, rule.phrase.casefold()):
                continue
            if rule.kind == WordRule.Kind.BANNED:
                return Verdict(REJECT, _("Your comment contains “%(word)s”, which is not allowed here. "
                                         "Please rephrase it.") % {"word": rule.phrase})
            suspect = suspect or rule.phrase
        if suspect:
            return Verdict(HOLD, _("Your comment contains “%(word)s”, so a moderator will read it "
                                   "before it appears.") % {"word": suspect})
        return ALLOWED


class LinksCheck:
    """Hold comments with more links than the site allows: the commonest sign of spam."""

    def check(self, candidate: Candidate) -> Verdict:
        links = len(_LINK.findall(candidate.body))
        if links > candidate.rules.max_links:
            return Verdict(HOLD, _("Your comment has %(n)s links; a moderator will check it before it "
                                   "appears.") % {"n": links}, likely_spam=True)
        return ALLOWED


class RepeatCheck:
    """Refuse the same text posted again by the same writer within a day."""

    def read_ahead(self, candidate: Candidate):
        """Send this check's read (see moderation_verdict); None when it needs none."""
        reader = candidate.reader
        if reader.user is None and not reader.guest_key and not reader.address_hash:
            return None
        # The indexed digest finds the few comments with this text; who wrote them is then
        # compared here.
        return rows_values_later(Comment, ("id", "body", "user_id", "guest_key_hash", "address_hash"),
                                 body_digest=body_digest(candidate.body.strip()),
                                 since=("created_at", timezone.now() - timedelta(days=1)))

    def check(self, candidate: Candidate, ahead=None) -> Verdict:
        same_text = ahead or self.read_ahead(candidate)
        if same_text is None:
            return ALLOWED
        reader = candidate.reader
        body = candidate.body.strip()
        for pk, text, user_id, guest_key_hash, address_hash in same_text():
            # An edit that keeps some of its own words is not a repeat of itself.
            if text != body or pk == candidate.comment_id:
                continue
            if reader.user is not None:
                mine = user_id == reader.user.pk
            else:
                mine = (bool(reader.guest_key) and guest_key_hash == reader.guest_key_hash) or \
                    (bool(reader.address_hash) and address_hash == reader.address_hash)
            if mine:
                return Verdict(REJECT, _("You already posted this comment."), likely_spam=True)
        return ALLOWED


class FloodCheck:
    """Hold comments past the flood limit from one connection in ten minutes (counted in
    one-minute windows: comment_post adds each comment to the count). A rate count: an edit
    adds nothing to it and is never held by it (the edit window and the other checks bound edits)."""

    def read_ahead(self, candidate: Candidate):
        """Send this check's read (see moderation_verdict); None when it needs none."""
        if not candidate.reader.address_hash or candidate.is_edit:
            return None
        return rate_count_recent_later(scope=FLOOD_SCOPE, key=candidate.reader.address_hash,
                                       seconds=FLOOD_SPAN)

    def check(self, candidate: Candidate, ahead=None) -> Verdict:
        recent = ahead or self.read_ahead(candidate)
        if recent is None:
            return ALLOWED
        if recent() >= candidate.rules.flood_limit:
            return Verdict(HOLD, _("Many comments came from your connection in a few minutes; a "
                                   "moderator will check this one."), likely_spam=True)
        return ALLOWED


class PreModerationCheck:
    """Hold every comment under pre-moderation, except from trusted writers: enough approved
    comments and none rejected."""

    def check(self, candidate: Candidate) -> Verdict:
        mode = candidate.thread.moderation or candidate.rules.mode
        if mode != ModerationSettings.Mode.PRE:
            return ALLOWED
        if reader_trusted(reader=candidate.reader, rules=candidate.rules, guest_email=candidate.guest_email):
            return ALLOWED
        return Verdict(HOLD, _("Comments here are read by a moderator before they appear."))


class FirstGuestCommentCheck:
    """Hold a guest's comments until one of theirs has been approved, when the site asks for it
    (DISCUSSION_HOLD_FIRST_GUEST_COMMENT)."""

    def check(self, candidate: Candidate) -> Verdict:
        if candidate.reader.user is not None or not conf.get("DISCUSSION_HOLD_FIRST_GUEST_COMMENT"):
            return ALLOWED
        approved = Comment.objects.filter(user__isnull=True, status=Comment.Status.VISIBLE)
        if candidate.guest_email:
            known = approved.filter(guest_email__iexact=candidate.guest_email).exists()
        elif candidate.reader.guest_key:
            known = approved.filter(guest_key_hash=candidate.reader.guest_key_hash).exists()
        else:
            known = False
        if known:
            return ALLOWED
        return Verdict(HOLD, _("Your first comment is read by a moderator before it appears."))


BUILT_IN = [BlockedAuthorCheck, WordsCheck, RepeatCheck, LinksCheck, FloodCheck, FirstGuestCommentCheck,
            PreModerationCheck]


def moderation_settings() -> ModerationSettings:
    """Return the site's moderation rules (the defaults until an editor saves some)."""
    return _rules().settings


@dataclass(frozen=True)
class _Rules:
    settings: ModerationSettings
    words: tuple
    # (kind, value) of each ban in force when loaded: its expiry (None: no end).
    bans: dict
    loaded_at: float


_loaded: _Rules | None = None
_loading = threading.Lock()


def _rules() -> _Rules:
    global _loaded
    rules = _loaded
    if rules is None or time.monotonic() - rules.loaded_at > RULES_MAX_AGE:
        with _loading:
            # Another thread may have read them while this one waited.
            rules = _loaded
            if rules is not None and time.monotonic() - rules.loaded_at <= RULES_MAX_AGE:
                return rules
            in_force = Block.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
            # Read by expiry, bans without an end last: of two bans of one author the longer,
            # read later, is kept.
            rows = in_force.order_by(F("expires_at").asc(nulls_last=True)).values_list("kind", "value",
                                                                                      "expires_at")
            bans = {(kind, value): expires_at for kind, value, expires_at in rows}
            rules = _Rules(settings=ModerationSettings.objects.first() or ModerationSettings(),
                           words=tuple(WordRule.objects.all()), bans=bans, loaded_at=time.monotonic())
            _loaded = rules
    return rules


def moderation_rules_forget() -> None:
    """Read the moderation settings, word rules and bans again on next use (after they change)."""
    _forget()
    if connection.in_atomic_block:
        # Whatever is read before the change commits is the old rules: forget again after it.
        transaction.on_commit(_forget)


def _forget() -> None:
    global _loaded
    _loaded = None


def moderation_verdict(candidate: Candidate) -> Verdict:
    """Run every check on `candidate`; the first reject wins, else the first hold, else allow.

    The comment section's gate calls it (registered in apps.py); checks find the site's rules on
    `candidate.rules`.
    """
    if candidate.rules is None:
        candidate = replace(candidate, rules=moderation_settings())
    held = None
    checks = [check_class() for check_class in
              BUILT_IN + [import_string(path) for path in conf.get("DISCUSSION_EXTRA_CHECKS")]]
    # The checks that read the database (repeats, floods) send their reads first, together:
    # on PostgreSQL one round trip for all of them, not one each.
    with reads_together():
        ahead = [check.read_ahead(candidate) if hasattr(check, "read_ahead") else None for check in checks]
    for check, read in zip(checks, ahead, strict=True):
        verdict = check.check(candidate) if read is None else check.check(candidate, read)
        if verdict.action == REJECT:
            return verdict
        if verdict.action == HOLD and held is None:
            held = verdict
    return held or ALLOWED


def thread_closed_by_age(thread: Thread) -> bool:
    """Return whether the site's "close after N days" has closed `thread` (the gate's closing rule)."""
    days = moderation_settings().close_after_days
    if not days or not thread.article_id or not thread.article.published_at:
        return False
    return timezone.now() >= thread.article.published_at + timedelta(days=days)


def reader_trusted(*, reader: Reader, rules: ModerationSettings, guest_email: str = "") -> bool:
    """Return whether the site trusts `reader`: a moderator, or a writer with at least
    `rules.trust_after` approved comments and none rejected or marked as spam (a guest known by
    `guest_email`, else by their browser key). Trusted writers skip pre-moderation, and under
    "trusted" their reports may hide a comment."""
    if reader.user is not None:
        if reader.user.has_perm("discussion.moderate_comment"):
            return True
        mine = Comment.objects.filter(user=reader.user)
    elif guest_email:
        mine = Comment.objects.filter(user__isnull=True, guest_email__iexact=guest_email)
    elif reader.guest_key:
        mine = Comment.objects.filter(user__isnull=True, guest_key_hash=reader.guest_key_hash)
    else:
        return False
    if mine.filter(status__in=[Comment.Status.REJECTED, Comment.Status.SPAM]).exists():
        return False
    return mine.filter(status=Comment.Status.VISIBLE).count() >= rules.trust_after


def _staff(user) -> bool:
    return user is not None and (user.is_staff or user.has_perm("discussion.moderate_comment"))


def _contains_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
