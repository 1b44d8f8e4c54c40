import threading

import pytest
from django.db import close_old_connections, connections
from django.test import override_settings

from tribune.core.ratelimit import RateLimitedError
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Comment, Vote
from tribune.discussion.comments.services import comment_post, vote_cast
from tribune.discussion.comments.services.votes import (
    VoteAlreadyCastError,
    VoteOnOwnCommentError,
    VoterUnknownError,
)
from tribune.discussion.comments.tests.factories import guest_reader, registered_reader, thread_factory


@pytest.mark.django_db
class TestVoteCast:
    def test_a_reader_changes_and_withdraws_their_vote(self):
        comment = comment_post(thread=thread_factory(), body="Vote on me", reader=guest_reader())
        reader = registered_reader()
        assert vote_cast(comment=comment, reader=reader, value=1).score == 1
        assert vote_cast(comment=comment, reader=reader, value=1).score == 1
        changed = vote_cast(comment=comment, reader=reader, value=-1)
        assert (changed.upvotes, changed.downvotes, changed.score) == (0, 1, -1)
        withdrawn = vote_cast(comment=comment, reader=reader, value=0)
        assert (withdrawn.upvotes, withdrawn.downvotes, withdrawn.score) == (0, 0, 0)
        assert Vote.objects.count() == 0

    def test_readers_sharing_one_connection_each_vote_once(self):
        comment = comment_post(thread=thread_factory(), body="Vote on me", reader=guest_reader())
        household = [guest_reader("one-address") for _ in range(3)]
        for reader in household:
            vote_cast(comment=comment, reader=reader, value=1)
        for reader in household:  # a second press changes nothing
            assert vote_cast(comment=comment, reader=reader, value=1).upvotes == 3

    @override_settings(DISCUSSION_VOTE_FRESH_GUESTS=(2, 3600))
    def test_a_script_clearing_cookies_runs_out_of_fresh_identities(self):
        thread = thread_factory()
        first, second = (comment_post(thread=thread, body=f"Vote on me {n}", reader=guest_reader()) for n in "12")
        known = guest_reader("one-address")
        vote_cast(comment=first, reader=known, value=1)
        vote_cast(comment=first, reader=guest_reader("one-address"), value=1)
        with pytest.raises(RateLimitedError):
            vote_cast(comment=first, reader=guest_reader("one-address"), value=1)
        # A guest of that address who has voted before goes on voting; other addresses too.
        vote_cast(comment=second, reader=known, value=1)
        vote_cast(comment=first, reader=guest_reader("elsewhere"), value=1)
        first.refresh_from_db()
        assert first.upvotes == 3

    @override_settings(DISCUSSION_VOTE_GUESTS_PER_ADDRESS=2)
    def test_one_address_counts_a_capped_number_of_guests_on_one_comment(self):
        comment = comment_post(thread=thread_factory(), body="Vote on me", reader=guest_reader())
        for _ in range(2):
            vote_cast(comment=comment, reader=guest_reader("one-address"), value=-1)
        with pytest.raises(VoteAlreadyCastError):
            vote_cast(comment=comment, reader=guest_reader("one-address"), value=-1)
        # Signed-in readers on that connection are people the site knows: they still vote.
        assert vote_cast(comment=comment, reader=registered_reader(), value=-1).downvotes == 3

    def test_no_vote_on_ones_own_comment_or_without_an_identity(self):
        author = guest_reader()
        comment = comment_post(thread=thread_factory(), body="Mine", reader=author)
        with pytest.raises(VoteOnOwnCommentError):
            vote_cast(comment=comment, reader=author, value=1)
        with pytest.raises(VoterUnknownError):
            vote_cast(comment=comment, reader=Reader(address_hash="x"), value=1)


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_votes_are_all_counted():
    comment = comment_post(thread=thread_factory(), body="Popular", reader=guest_reader())
    readers = [guest_reader(f"address-{n}") for n in range(200)]
    barrier = threading.Barrier(20)
    failures = []

    def vote(batch):
        try:
            barrier.wait()
            for reader in batch:
                vote_cast(comment=Comment.objects.get(pk=comment.pk), reader=reader, value=1)
        except Exception as exc:  # collected and asserted below
            failures.append(exc)
        finally:
            close_old_connections()
            connections.close_all()

    workers = [threading.Thread(target=vote, args=(readers[i::20],)) for i in range(20)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    comment.refresh_from_db()
    assert (comment.upvotes, comment.score, Vote.objects.filter(comment=comment).count()) == (200, 200, 200)
