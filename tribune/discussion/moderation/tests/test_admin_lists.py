"""The admin's lists of comments, votes, reports and moderation actions cost the same few queries
whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.services import comment_post, vote_cast
from tribune.discussion.comments.tests.factories import (
    guest_reader,
    moderator_factory,
    thread_factory,
    user_factory,
)
from tribune.discussion.moderation.services.decisions import comment_reject, comment_report

pytestmark = pytest.mark.django_db

LISTS = ["discussion_comment", "discussion_vote", "moderation_report", "moderation_moderationaction"]


def _add_rows(thread, moderator, n):
    for _ in range(n):
        comment = comment_post(thread=thread, body=f"By an account {user_factory().pk}",
                               reader=Reader(user=user_factory()))
        vote_cast(comment=comment, reader=guest_reader(), value=1)
        comment_report(comment=comment, reader=guest_reader(), reason="spam")
        comment_reject(comment=comment, moderator=moderator)


def _queries(client, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", LISTS)
def test_a_longer_list_costs_no_more_queries(admin_client, name):
    moderator = moderator_factory()
    thread = thread_factory()
    _add_rows(thread, moderator, 2)
    few = _queries(admin_client, name)
    _add_rows(thread, moderator, 6)
    assert _queries(admin_client, name) == few
