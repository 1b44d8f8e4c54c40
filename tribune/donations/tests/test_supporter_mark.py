"""The Supporter mark cannot be claimed with someone else's email.

It shows beside a signed-in donor's comments, and beside a guest's only from a browser where the
donor opened the link their receipt brought; no page or API answer tells whether an address that
proved nothing belongs to a donor.
"""

import json
import re

import pytest
from django.test import Client

from tribune.discussion.comments.tests.factories import thread_factory, user_factory
from tribune.donations.services import supporter_mark_grant

pytestmark = pytest.mark.django_db

MARK = 'class="comment__mark comment__mark--supporter"'


def browser(address: str) -> Client:
    """A reader's browser: its own cookies, its own address."""
    return Client(REMOTE_ADDR=address)


def api_comment(client, thread, body, **fields):
    response = client.post(f"/api/v1/threads/{thread.pk}/comments", content_type="application/json",
                           data=json.dumps({"body": body, **fields}))
    assert response.status_code == 201, response.content
    return response.json()["comment"]


def form_comment(client, thread, body, **fields):
    response = client.post(f"/discussion/articles/{thread.article_id}/comments/",
                           {"body": body, **fields})
    assert response.status_code == 302, response.content


def marks_in_lists(client, thread) -> dict[str, list[str]]:
    answer = client.get(f"/api/v1/threads/{thread.pk}/comments/all").json()
    return {c["body_html"]: c["author"]["marks"] for c in answer["comments"]}


class TestSomeoneElsesEmail:
    def test_a_stranger_typing_a_donors_email_as_a_guest_gets_no_supporter_mark(self):
        thread = thread_factory()
        supporter_mark_grant(email="donor@example.org")  # a guest donor's mark, as a gift leaves it
        stranger = browser("198.51.100.7")
        created = api_comment(stranger, thread, "I am a supporter, honest", name="Donor",
                              email="Donor@Example.org")
        assert created["author"]["marks"] == []
        form_comment(stranger, thread, "Me again", name="Donor", email="donor@example.org")

        # Nobody sees a mark: not the stranger, not another reader, not the lists nor the page.
        for viewer in (stranger, browser("192.0.2.1")):
            assert MARK not in viewer.get(thread.article.get_absolute_url()).content.decode()
            assert set(map(tuple, marks_in_lists(viewer, thread).values())) == {()}

    def test_a_guest_typing_a_signed_in_donors_email_gets_no_supporter_mark(self):
        thread = thread_factory()
        donor = user_factory(email="member@example.org")
        supporter_mark_grant(email="member@example.org", user=donor)
        member = browser("192.0.2.2")
        member.force_login(donor)
        form_comment(member, thread, "From the donor")
        stranger = browser("198.51.100.8")
        created = api_comment(stranger, thread, "From a stranger", email="member@example.org")
        assert created["author"]["marks"] == []
        assert marks_in_lists(stranger, thread) == {"<p>From the donor</p>\n": ["supporter"],
                                                     "<p>From a stranger</p>\n": []}

    def test_no_answer_tells_a_donors_address_from_any_other(self):
        thread = thread_factory()
        supporter_mark_grant(email="donor@example.org")
        answers = []
        for number, email in enumerate(["donor@example.org", "nobody@example.org"]):
            stranger = browser(f"198.51.100.{20 + number}")
            response = stranger.post(f"/api/v1/threads/{thread.pk}/comments", content_type="application/json",
                                     data=json.dumps({"body": "Same words", "name": "Sam", "email": email}))
            mine = stranger.get(f"/api/v1/threads/{thread.pk}/mine").json()
            answer = response.json()
            answers.append((response.status_code, answer["comment"]["author"], sorted(answer),
                            sorted(mine), len(mine["comment_ids"])))
        assert answers[0] == answers[1]


class TestProvenDonor:
    def give_with_stripe(self, client, *, email, mailoutbox, capture):
        from .factories import checkout_completed, donation_factory, stripe_post

        donation = donation_factory(email=email, show_supporter=True)
        with capture(execute=True):
            stripe_post(client, checkout_completed(donation))
        body = mailoutbox[-1].body
        return re.search(r"http://testserver(/support/supporter/\S+/show/)", body).group(1)

    def test_the_donor_shows_the_mark_from_the_browser_where_they_opened_the_receipts_link(
        self, mailoutbox, django_capture_on_commit_callbacks, stripe_keys
    ):
        thread = thread_factory()
        donor = browser("192.0.2.10")
        link = self.give_with_stripe(donor, email="Guest@Example.org", mailoutbox=mailoutbox,
                                     capture=django_capture_on_commit_callbacks)
        assert mailoutbox[-1].to == ["Guest@Example.org"]
        form_comment(donor, thread, "Before the proof", name="Gu", email="guest@example.org")
        assert MARK not in donor.get(thread.article.get_absolute_url()).content.decode()

        # A mail scanner opening the link changes nothing; the button does.
        assert "Show your Supporter mark?" in browser("203.0.113.1").get(link).content.decode()
        assert "Show your Supporter mark?" in donor.get(link).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            shown = donor.post(link)
        assert shown.status_code == 200
        assert "Your Supporter mark shows from this browser" in shown.content.decode()

        created = api_comment(donor, thread, "After the proof", email="GUEST@example.org")
        assert created["author"]["marks"] == ["supporter"]
        stranger = browser("198.51.100.9")
        assert api_comment(stranger, thread, "Impostor", email="guest@example.org")["author"]["marks"] == []
        # The proven browser's comments signed with another address show nothing either.
        assert api_comment(donor, thread, "Other address", email="other@example.org")["author"]["marks"] == []
        assert marks_in_lists(stranger, thread) == {
            "<p>Before the proof</p>\n": ["supporter"], "<p>After the proof</p>\n": ["supporter"],
            "<p>Impostor</p>\n": [], "<p>Other address</p>\n": [],
        }
        assert stranger.get(thread.article.get_absolute_url()).content.decode().count(MARK) == 2

    def test_a_withdrawn_marks_link_and_a_forged_one_prove_nothing(
        self, client, mailoutbox, django_capture_on_commit_callbacks, stripe_keys
    ):
        from tribune.donations.models import SupporterBrowser
        from tribune.donations.services import supporter_mark_withdraw

        link = self.give_with_stripe(client, email="guest@example.org", mailoutbox=mailoutbox,
                                     capture=django_capture_on_commit_callbacks)
        forged = link.replace("/show/", "x/show/")
        assert client.post(forged).status_code == 404
        supporter_mark_withdraw(email="guest@example.org")
        supporter_mark_grant(email="guest@example.org")  # granted again by a later gift
        stale = client.post(link)
        assert stale.status_code == 404 and "This link no longer works" in stale.content.decode()
        assert not SupporterBrowser.objects.exists()

    def test_a_signed_in_reader_opening_the_link_gets_the_mark_on_their_account(
        self, mailoutbox, django_capture_on_commit_callbacks, stripe_keys
    ):
        thread = thread_factory()
        member = browser("192.0.2.11")
        link = self.give_with_stripe(member, email="guest@example.org", mailoutbox=mailoutbox,
                                     capture=django_capture_on_commit_callbacks)
        member.force_login(user_factory(email="elsewhere@example.org"))
        member.post(link)
        form_comment(member, thread, "Signed in")
        assert marks_in_lists(member, thread) == {"<p>Signed in</p>\n": ["supporter"]}
