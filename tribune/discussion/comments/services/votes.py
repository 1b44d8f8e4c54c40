from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError
from tribune.core.ratelimit import rate_limit_hit

from .. import conf
from ..identity import Reader
from ..models import Comment, Vote
from ..rules import comment_is_mine
from ..signals import vote_cast as vote_cast_signal
from .threads import thread_touch


class VoteInvalidError(DomainError):
    code = "vote_invalid"


class VoterUnknownError(DomainError):
    code = "voter_unknown"
    status = 403


class VoteOnOwnCommentError(DomainError):
    code = "vote_on_own_comment"
    status = 403


class VoteAlreadyCastError(DomainError):
    code = "vote_already_cast"
    status = 409


def vote_cast(*, comment: Comment, reader: Reader, value: int) -> Comment:
    """Set `reader`'s vote on `comment` to up (1), down (-1) or none (0); return the comment
    with its counts as stored.

    The counts change by atomic increments in the same transaction as the vote row, so
    concurrent votes never lose an update. Raises VoteInvalidError, VoterUnknownError,
    VoteOnOwnCommentError, VoteAlreadyCastError (enough guests of this address voted on it) or
    RateLimitedError (too many votes, or too many fresh guest identities, from one address).

    One vote per identity: readers sharing a connection each vote. What stops one person with
    a script clearing cookies is the address's cap on fresh guest identities (a guest key that
    has never voted, DISCUSSION_VOTE_FRESH_GUESTS) and on guests counted per comment
    (DISCUSSION_VOTE_GUESTS_PER_ADDRESS).
    """
    if value not in (1, -1, 0):
        raise VoteInvalidError(_("A vote is up (1), down (-1) or withdrawn (0)."))
    if comment.status != Comment.Status.VISIBLE:
        raise VoteInvalidError(_("This comment cannot be voted on."))
    voter = reader.voter
    if not voter:
        raise VoterUnknownError(_("Allow cookies to vote, or sign in."))
    if comment_is_mine(comment=comment, reader=reader):
        raise VoteOnOwnCommentError(_("You cannot vote on your own comment."))
    with transaction.atomic():
        if reader.address_hash:
            limit, window = conf.get("DISCUSSION_VOTE_RATE")
            rate_limit_hit(scope="vote_cast", key=reader.address_hash, limit=limit, window=window)
        previous = Vote.objects.select_for_update().filter(comment=comment, voter=voter).first()
        old = previous.value if previous else 0
        if old == value:
            return _reloaded(comment)
        if previous is not None and value == 0:
            previous.delete()
        elif previous is not None:
            previous.value = value
            previous.save(update_fields=["value"])
        else:
            address = reader.address_hash if reader.user is None else ""
            if address:
                _guest_caps_check(comment=comment, voter=voter, address=address)
            try:
                with transaction.atomic():
                    Vote.objects.create(comment=comment, voter=voter, value=value, address_hash=address)
            except IntegrityError:
                # The same reader's vote, sent twice at once: the first one counts.
                raise VoteAlreadyCastError(_("Your vote is already counted on this comment.")) from None
        up = (value == 1) - (old == 1)
        down = (value == -1) - (old == -1)
        Comment.objects.filter(pk=comment.pk).update(
            upvotes=F("upvotes") + up, downvotes=F("downvotes") + down, score=F("score") + up - down
        )
        thread_touch(thread=comment.thread, counts_changed=False)
        transaction.on_commit(lambda: vote_cast_signal.send(sender=Vote, comment=comment, value=value))
    return _reloaded(comment)


def votes_withdraw_all(*, voter: str) -> int:
    """Withdraw every vote of `voter` (a reader erasing their data), whatever has become of the
    comments since, and return how many. Counts follow; each thread is touched once."""
    with transaction.atomic():
        votes = list(Vote.objects.select_for_update().filter(voter=voter).select_related("comment__thread"))
        Vote.objects.filter(pk__in=[vote.pk for vote in votes]).delete()
        threads = {}
        for vote in votes:
            up, down = -(vote.value == 1), -(vote.value == -1)
            Comment.objects.filter(pk=vote.comment_id).update(
                upvotes=F("upvotes") + up, downvotes=F("downvotes") + down, score=F("score") + up - down
            )
            threads[vote.comment.thread_id] = vote.comment.thread
        for thread in threads.values():
            thread_touch(thread=thread, counts_changed=False)
    return len(votes)


def _guest_caps_check(*, comment: Comment, voter: str, address: str) -> None:
    # Locks the comment row so that guests of one address voting at once are counted in turn.
    Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk").first()
    counted = Vote.objects.filter(comment=comment, address_hash=address).count()
    if counted >= conf.get("DISCUSSION_VOTE_GUESTS_PER_ADDRESS"):
        raise VoteAlreadyCastError(
            _("Enough votes from your connection are already counted on this comment."))
    if not Vote.objects.filter(voter=voter).exists():
        limit, window = conf.get("DISCUSSION_VOTE_FRESH_GUESTS")
        rate_limit_hit(scope="vote_fresh_guest", key=address, limit=limit, window=window)


def _reloaded(comment: Comment) -> Comment:
    comment.refresh_from_db(fields=["upvotes", "downvotes", "score"])
    return comment
