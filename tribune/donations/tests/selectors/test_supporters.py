"""supporters_among() tells the comment list who shows the Supporter mark, in one query each."""

import pytest
from django.contrib.auth import get_user_model

from tribune.donations.selectors import supporter_mark_exists, supporters_among
from tribune.donations.services import supporter_mark_grant, supporter_mark_prove, supporter_mark_withdraw

pytestmark = pytest.mark.django_db

KEY = "a" * 64
OTHER_KEY = "b" * 64


def proven(email: str, key_hash: str = KEY):
    """A guest's mark, proven from the browser whose key hashes to `key_hash`."""
    mark = supporter_mark_grant(email=email)
    return supporter_mark_prove(mark_id=mark.pk, email=email, guest_key_hash=key_hash)


class TestSupportersAmong:
    def test_answers_for_users_and_proven_guests_in_one_query_each(self, django_assert_num_queries):
        users = get_user_model()
        ana = users.objects.create_user("ana", "ana@example.org")
        ben = users.objects.create_user("ben", "ben@example.org")
        supporter_mark_grant(email="ana@example.org", user=ana)
        proven("Guest@Example.org")
        with django_assert_num_queries(2):
            user_ids, guests = supporters_among(
                user_ids=[ana.pk, ben.pk, None],
                guests=[("guest@example.ORG ", KEY), ("other@example.org", KEY), ("", KEY),
                        ("guest@example.org", OTHER_KEY)],
            )
        assert user_ids == {ana.pk}
        assert guests == {("guest@example.org", KEY)}

    def test_a_donors_email_alone_answers_nothing(self):
        supporter_mark_grant(email="donor@example.org")
        proven("other.donor@example.org", key_hash=OTHER_KEY)
        # Unproven, or proven from another browser, or another donor's browser: no mark.
        assert supporters_among(user_ids=[], guests=[("donor@example.org", KEY)]) == (set(), set())
        assert supporters_among(user_ids=[], guests=[("donor@example.org", OTHER_KEY)]) == (set(), set())

    def test_empty_lists_ask_nothing(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert supporters_among(user_ids=[], guests=[]) == (set(), set())

    def test_withdrawn_mark_is_no_longer_shown_and_its_browsers_go_with_it(self):
        proven("guest@example.org")
        assert supporter_mark_withdraw(email="GUEST@example.org") == 1
        assert supporters_among(user_ids=[], guests=[("guest@example.org", KEY)]) == (set(), set())
        supporter_mark_grant(email="guest@example.org")
        assert supporters_among(user_ids=[], guests=[("guest@example.org", KEY)]) == (set(), set())

    def test_granting_twice_keeps_one_mark(self):
        first = supporter_mark_grant(email="guest@example.org")
        assert supporter_mark_grant(email="guest@example.org") == first


class TestRegisteredDonor:
    def give(self, *, reader, is_test: bool):
        from tribune.donations.models import LedgerEntry
        from tribune.donations.services import donation_payment_record

        from ..factories import donation_factory

        donation = donation_factory(email="new@example.org", payer_email="new@example.org",
                                    show_supporter=True, user=reader)
        donation_payment_record(donation=donation, kind=LedgerEntry.Kind.GIFT, amount_minor=2500,
                                currency="USD", reference=f"ref:{donation.pk}", is_test=is_test)

    def test_a_signed_in_donor_is_marked_by_account_and_withdraws_by_email_link(self):
        reader = get_user_model().objects.create_user("reader", "old@example.org")
        self.give(reader=reader, is_test=False)
        assert supporters_among(user_ids=[reader.pk], guests=[])[0] == {reader.pk}
        supporter_mark_withdraw(email="NEW@example.org")
        assert supporters_among(user_ids=[reader.pk], guests=[]) == (set(), set())
        assert not supporter_mark_exists(email="new@example.org", user=reader)

    def test_a_test_gift_marks_no_one(self):
        reader = get_user_model().objects.create_user("reader", "new@example.org")
        self.give(reader=reader, is_test=True)
        assert not supporter_mark_exists(email="new@example.org", user=reader)
