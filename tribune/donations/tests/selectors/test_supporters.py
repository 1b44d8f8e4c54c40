"""supporters_among() tells the comment list who shows the Supporter mark, in one query each."""

import pytest
from django.contrib.auth import get_user_model

from tribune.donations.selectors import supporters_among
from tribune.donations.services import supporter_mark_grant, supporter_mark_withdraw

pytestmark = pytest.mark.django_db


class TestSupportersAmong:
    def test_answers_for_users_and_guest_emails_in_one_query_each(self, django_assert_num_queries):
        users = get_user_model()
        ana = users.objects.create_user("ana", "ana@example.org")
        ben = users.objects.create_user("ben", "ben@example.org")
        supporter_mark_grant(email="ana@example.org", user=ana)
        supporter_mark_grant(email="Guest@Example.org")
        with django_assert_num_queries(2):
            user_ids, emails = supporters_among(
                user_ids=[ana.pk, ben.pk, None], emails=["guest@example.ORG ", "other@example.org", ""]
            )
        assert user_ids == {ana.pk}
        assert emails == {"guest@example.org"}

    def test_empty_lists_ask_nothing(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert supporters_among(user_ids=[], emails=[]) == (set(), set())

    def test_withdrawn_mark_is_no_longer_shown(self):
        supporter_mark_grant(email="guest@example.org")
        assert supporter_mark_withdraw(email="GUEST@example.org") == 1
        assert supporters_among(user_ids=[], emails=["guest@example.org"]) == (set(), set())

    def test_granting_twice_keeps_one_mark(self):
        first = supporter_mark_grant(email="guest@example.org")
        assert supporter_mark_grant(email="guest@example.org") == first
