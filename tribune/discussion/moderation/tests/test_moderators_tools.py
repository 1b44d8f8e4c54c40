"""What moderators need on their page and around the site: reporters' notes, authors' records,
counts that follow decisions, bans that block what was chosen, links and the Staff mark."""

import pytest
from django.contrib.auth.models import Group

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.services.comments import CommentRejectedError
from tribune.discussion.comments.tests.factories import (
    guest_reader,
    moderator_factory,
    registered_reader,
    thread_factory,
    user_factory,
)
from tribune.discussion.moderation.models import Block, ModerationAction, ModerationSettings
from tribune.discussion.moderation.policies import moderation_rules_forget
from tribune.discussion.moderation.selectors import moderation_queue
from tribune.discussion.moderation.services.decisions import (
    BanTargetMissingError,
    author_ban,
    comment_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rules():
    moderation_rules_forget()
    yield
    moderation_rules_forget()


@pytest.fixture
def moderator():
    return moderator_factory("Nadia Mod")


def test_the_queue_shows_what_the_reporter_wrote(moderator, client):
    comment = comment_post(thread=thread_factory(), body="Buy cheap pills", reader=guest_reader())
    comment_report(comment=comment, reader=guest_reader(), reason="spam",
                   note="Same link posted under five articles")
    [item] = moderation_queue(queue="reported")
    assert item.notes == ["Same link posted under five articles"]
    client.force_login(moderator)
    page = client.get("/moderation/queue/reported/").content.decode()
    assert "Reporter's note:" in page and "Same link posted under five articles" in page


def test_an_authors_record_counts_reports_from_one_connection_too(moderator):
    # A household or office: three readers on one connection. Only the first report moves the
    # comment towards hiding, but the moderator is told of all three.
    ModerationSettings.objects.create(report_threshold=100)
    comment = comment_post(thread=thread_factory(), body="Reported", reader=guest_reader(), guest_name="Au")
    for reason in ("spam", "abuse", "hate"):
        comment_report(comment=comment, reader=guest_reader(address="one-office"), reason=reason)
    [item] = moderation_queue(queue="reported")
    assert item.record.reports == 3


def test_one_report_reads_as_one_report_not_one_reports(moderator, client):
    comment = comment_post(thread=thread_factory(), body="Rude", reader=guest_reader(), guest_name="Au")
    comment_report(comment=comment, reader=guest_reader(), reason="abuse")
    client.force_login(moderator)
    page = client.get("/moderation/queue/reported/").content.decode()
    assert "1 report<" in page and "1 reports" not in page


def test_a_decision_answers_with_the_queues_counts_now(moderator, client):
    ModerationSettings.objects.create(mode="pre")
    thread = thread_factory()
    held = [comment_post(thread=thread, body=f"Held {n}", reader=guest_reader()) for n in range(3)]
    client.force_login(moderator)
    answer = client.post("/moderation/decide/", {"comment": held[0].pk, "action": "approve"},
                         headers={"X-Requested-With": "fetch"}).json()
    assert answer["ok"] and answer["counts"] == {"pending": 2, "reported": 0, "spam": 0}


def test_a_ban_blocks_only_what_the_moderator_chose(moderator, client):
    writer = guest_reader()
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Troll", reader=writer, guest_email="t@example.org",
                           guest_name="Troll")
    client.force_login(moderator)
    response = client.post(f"/moderation/comments/{comment.pk}/ban/",
                           {"block": ["email"], "reason": "Trolling"}, follow=True)
    assert "Banned: the email address." in response.content.decode()
    assert list(Block.objects.values_list("kind", "author")) == [("email", "Troll")]
    moderation_rules_forget()
    # The same browser may still post without the email; the email is refused from any browser.
    comment_post(thread=thread, body="Different tone now", reader=writer)
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread, body="Troll again", reader=guest_reader(), guest_email="T@example.org")


def test_a_ban_with_nothing_ticked_is_refused_and_bans_nobody(moderator, client):
    comment = comment_post(thread=thread_factory(), body="Troll", reader=guest_reader())
    client.force_login(moderator)
    response = client.post(f"/moderation/comments/{comment.pk}/ban/", {"reason": "x"}, follow=True)
    assert "Choose what the ban blocks." in response.content.decode()
    assert not Block.objects.exists()
    assert Comment.objects.get(pk=comment.pk).status == "visible"


def test_a_connection_ban_never_blocks_staff(moderator):
    thread = thread_factory()
    troll = guest_reader(address="shared-cafe")
    comment = comment_post(thread=thread, body="Troll", reader=troll)
    author_ban(comment=comment, moderator=moderator, reason="Trolling", kinds=["address"])
    moderation_rules_forget()
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread, body="Another reader here", reader=guest_reader(address="shared-cafe"))
    from tribune.discussion.comments.identity import Reader

    staff_here = Reader(user=moderator, address_hash="shared-cafe")
    posted = comment_post(thread=thread, body="Please keep it civil, everyone.", reader=staff_here)
    assert posted.status == "visible"


def test_banning_an_imported_guest_with_nothing_recorded_says_so(moderator, client):
    # Imported from another system: no account, email, browser key or connection.
    comment = comment_post(thread=thread_factory(), body="Old troll", reader=guest_reader())
    Comment.objects.filter(pk=comment.pk).update(guest_key_hash="", address_hash="", guest_email="")
    comment.refresh_from_db()
    with pytest.raises(BanTargetMissingError):
        author_ban(comment=comment, moderator=moderator, reason="x")
    assert not Block.objects.exists() and not ModerationAction.objects.exists()
    client.force_login(moderator)
    ModerationSettings.objects.update_or_create(defaults={"report_threshold": 100})
    comment_report(comment=comment, reader=guest_reader(), reason="abuse")
    page = client.get("/moderation/queue/reported/").content.decode()
    assert "Nothing identifies this author" in page
    response = client.post(f"/moderation/comments/{comment.pk}/ban/",
                           {"block": ["guest", "address"], "reason": "x"}, follow=True)
    assert "Nothing chosen can be banned" in response.content.decode()
    assert not Block.objects.exists()


def test_an_imported_guest_with_an_email_can_be_banned_by_email_only(moderator, client):
    comment = comment_post(thread=thread_factory(), body="Old troll", reader=guest_reader(),
                           guest_email="old@example.org")
    Comment.objects.filter(pk=comment.pk).update(guest_key_hash="", address_hash="")
    comment_report(comment=comment, reader=guest_reader(), reason="abuse")
    client.force_login(moderator)
    page = client.get("/moderation/queue/reported/").content.decode()
    assert "only the email address can be banned" in page
    assert 'value="guest"' not in page and 'value="address"' not in page


def test_every_ban_shows_in_the_list_of_bans_with_the_author(moderator, client):
    # Moderators (not admin staff) see the list from the moderation page.
    comment = comment_post(thread=thread_factory(), body="Troll", reader=guest_reader(),
                           guest_email="t@example.org", guest_name="Tess Troll")
    author_ban(comment=comment, moderator=moderator, reason="Trolling",
               kinds=["email", "guest", "address"])
    Block.objects.create(kind="email", value="manual@example.org", reason="Added in the admin")
    client.force_login(moderator)
    assert 'href="/moderation/bans/"' in client.get("/moderation/").content.decode()
    listing = client.get("/moderation/bans/").content.decode()
    assert listing.count("Tess Troll") == 3 and listing.count("data-ban=") == 4
    for shown in ("t@example.org", "Guest&#x27;s browser", "Connection (hashed address)",
                  "manual@example.org", "Added in the admin"):
        assert shown in listing


def test_a_lifted_ban_lets_the_author_post_and_stays_listed_as_ended(moderator, client):
    writer = guest_reader()
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Troll", reader=writer, guest_name="Tess")
    [ban] = author_ban(comment=comment, moderator=moderator, reason="Trolling", kinds=["guest"])
    with pytest.raises(CommentRejectedError):
        comment_post(thread=thread, body="Again", reader=writer)
    client.force_login(moderator)
    client.post(f"/moderation/bans/{ban.pk}/lift/")
    assert comment_post(thread=thread, body="Sorry", reader=writer).status == "visible"
    assert "bans__ended" in client.get("/moderation/bans/").content.decode()


def test_readers_cannot_see_or_lift_bans(client):
    comment = comment_post(thread=thread_factory(), body="Troll", reader=guest_reader())
    [ban] = author_ban(comment=comment, moderator=moderator_factory(), reason="x", kinds=["guest"])
    client.force_login(user_factory())
    assert client.get("/moderation/bans/").status_code == 302
    assert client.post(f"/moderation/bans/{ban.pk}/lift/").status_code == 302
    ban.refresh_from_db()
    assert ban.expires_at is None


def test_staff_find_moderation_in_the_sites_header_and_the_admin(moderator, client, settings):
    settings.SITE_NAME = "The Valley Courier"
    assert "data-moderation-link" not in client.get("/").content.decode()
    client.force_login(user_factory())
    assert "data-moderation-link" not in client.get("/").content.decode()
    client.force_login(moderator)
    assert "data-moderation-link" in client.get("/").content.decode()
    editor = user_factory(is_staff=True, is_superuser=True)
    client.force_login(editor)
    admin_page = client.get("/admin/").content.decode()
    assert 'href="/moderation/" data-moderation-link' in admin_page
    assert "The Valley Courier" in admin_page and "Django administration" not in admin_page


def test_staff_comments_carry_the_staff_mark_and_guests_named_staff_do_not(moderator, client):
    thread = thread_factory()
    comment_post(thread=thread, body="We corrected the figures.", reader=registered_reader(moderator))
    comment_post(thread=thread, body="I am staff, trust me", reader=guest_reader(), guest_name="Staff")
    comment_post(thread=thread, body="Plain reader", reader=registered_reader())
    page = client.get(thread.article.get_absolute_url()).content.decode()
    assert page.count('comment__mark--staff') == 1
    comments = client.get(f"/api/v1/threads/{thread.pk}/comments").json()["comments"]
    marks = {c["body_html"]: c["author"]["marks"] for c in comments}
    assert [m for body, m in marks.items() if "corrected" in body] == [["staff"]]
    assert all(m == [] for body, m in marks.items() if "corrected" not in body)


def test_a_moderator_group_member_is_marked_staff(client):
    user = user_factory("Mo Group")
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    thread = thread_factory()
    comment_post(thread=thread, body="Hello", reader=registered_reader(user))
    assert 'comment__mark--staff' in client.get(thread.article.get_absolute_url()).content.decode()
