"""The Supporter mark shows beside the comments of donors who chose it, and never an amount."""

import pytest

from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader, registered_reader, thread_factory
from tribune.donations.services import supporter_mark_grant, supporter_mark_prove, supporter_mark_withdraw

pytestmark = pytest.mark.django_db


def prove(*, email, reader):
    """Grant a guest donor's mark and prove it from `reader`'s browser (the receipt's link)."""
    mark = supporter_mark_grant(email=email)
    supporter_mark_prove(mark_id=mark.pk, email=email, guest_key_hash=reader.guest_key_hash)


def test_supporter_mark_beside_guest_and_member_comments_until_withdrawn(client, django_capture_on_commit_callbacks):
    thread = thread_factory()
    member = registered_reader()
    ana = guest_reader()
    comment_post(thread=thread, body="From a donor guest", reader=ana, guest_name="Ana",
                 guest_email="Ana@Example.org")
    comment_post(thread=thread, body="From a donor member", reader=member)
    comment_post(thread=thread, body="From someone else", reader=guest_reader(), guest_name="Bo",
                 guest_email="bo@example.org")
    prove(email="ana@example.org", reader=ana)
    supporter_mark_grant(email="member@example.org", user=member.user)

    page = client.get(thread.article.get_absolute_url()).content.decode()
    assert page.count('class="comment__mark comment__mark--supporter"') == 2
    api = client.get(f"/api/v1/threads/{thread.pk}/comments").json()
    marks = {c["body_html"]: c["author"]["marks"] for c in api["comments"]}
    assert marks == {"<p>From a donor guest</p>\n": ["supporter"], "<p>From a donor member</p>\n": ["supporter"],
                     "<p>From someone else</p>\n": []}

    with django_capture_on_commit_callbacks(execute=True):
        supporter_mark_withdraw(email="ana@example.org")
    page = client.get(thread.article.get_absolute_url()).content.decode()
    assert page.count('class="comment__mark comment__mark--supporter"') == 1


def test_cached_api_answers_follow_a_withdrawn_mark(client, django_capture_on_commit_callbacks):
    from tribune.donations.services import supporter_mark_withdraw

    thread = thread_factory()
    donor = guest_reader()
    comment_post(thread=thread, body="Donor", reader=donor, guest_email="d@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        prove(email="d@example.org", reader=donor)
    url = f"/api/v1/threads/{thread.pk}/comments/all"
    assert client.get(url).json()["comments"][0]["author"]["marks"] == ["supporter"]
    with django_capture_on_commit_callbacks(execute=True):
        supporter_mark_withdraw(email="d@example.org")
    assert client.get(url).json()["comments"][0]["author"]["marks"] == []
