import threading

import pytest
from django.db import close_old_connections, connections

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

    def test_a_guest_who_clears_cookies_cannot_vote_again_from_the_same_address(self):
        comment = comment_post(thread=thread_factory(), body="Vote on me", reader=guest_reader())
        vote_cast(comment=comment, reader=guest_reader("one-address"), value=1)
        with pytest.raises(VoteAlreadyCastError):
            vote_cast(comment=comment, reader=guest_reader("one-address"), value=1)
        comment.refresh_from_db()
        assert comment.upvotes == 1

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
