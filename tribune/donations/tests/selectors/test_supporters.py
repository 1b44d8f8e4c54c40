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


class TestRegisteredDonor:
    def test_a_signed_in_donor_is_marked_by_account_and_withdraws_by_email_link(self, client):
        from tribune.donations.payments import TestCheckout
        from tribune.donations.payments.testing import testpay_complete
        from tribune.donations.services import donation_start

        from ..factories import campaign_factory

        reader = get_user_model().objects.create_user("reader", "old@example.org")
        donation, _url = donation_start(
            campaign=campaign_factory(), amount_minor=2500, currency="USD", frequency="once",
            email="new@example.org", show_supporter=True, user=reader, provider=TestCheckout(),
            success_url="http://testserver/thanks/{token}/", cancel_url="http://testserver/",
        )
        testpay_complete(donation=donation)
        assert supporters_among(user_ids=[reader.pk], emails=[])[0] == {reader.pk}
        supporter_mark_withdraw(email="NEW@example.org")
        assert supporters_among(user_ids=[reader.pk], emails=["new@example.org"]) == (set(), set())
