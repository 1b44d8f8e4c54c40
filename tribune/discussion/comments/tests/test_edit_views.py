"""Editing from the page, and through the API: the new text meets the checks of a post, and the
writer is told what a held post's writer is told."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import (
    article_factory,
    guest_cookie,
    guest_reader,
    moderator_factory,
)
from tribune.discussion.moderation.models import ModerationAction, WordRule

pytestmark = pytest.mark.django_db

TWENTY_LINKS = "Deals! " + " ".join(f"https://shop{n}.example/offer" for n in range(20))
HELD = "Thanks! Your comment awaits review by a moderator and will appear once approved."


def post_comment(client, article, body, **extra):
    return client.post(reverse("discussion:comment_create", kwargs={"article_id": article.pk}),
                       {"body": body, "name": "Noor"}, **extra)


def edit(client, comment, body, **extra):
    return client.post(reverse("discussion:comment_edit", args=[comment.pk]), {"body": body}, **extra)


def messages_shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_approved_hello_edited_into_twenty_links_is_hidden_and_the_writer_told_why(client):
    article = article_factory()
    post_comment(client, article, "hello")
    comment = Comment.objects.get()
    response = edit(client, comment, TWENTY_LINKS)
    assert response.status_code == 302 and response["Location"] == f"{article.get_absolute_url()}#comments"
    page = client.get(response["Location"])
    # The explanation a held post gets, word for word.
    other = client.__class__()
    held_post = post_comment(other, article_factory(), TWENTY_LINKS, REMOTE_ADDR="198.51.100.4", follow=True)
    assert messages_shown(page) == messages_shown(held_post)
    assert messages_shown(page)[0].startswith(HELD) and "20 links" in messages_shown(page)[0]
    stranger = client.__class__().get(article.get_absolute_url()).content.decode()
    assert "shop19.example" not in stranger and "hello" not in stranger


@override_settings(DISCUSSION_EMBED_HOSTS=["https://blog.example.org"])
def test_a_held_edit_on_a_page_elsewhere_tells_the_writer_on_the_edit_page(client):
    from tribune.discussion.comments.services import thread_for_url_get_or_create

    thread = thread_for_url_get_or_create(url="https://blog.example.org/post")
    writer = guest_reader()
    comment = comment_post(thread=thread, body="hello", reader=writer)
    guest_cookie(client, writer.guest_key)
    response = edit(client, comment, TWENTY_LINKS)
    assert response.status_code == 302 and response["Location"] == reverse("discussion:comment_edit",
                                                                          args=[comment.pk])
    page = client.get(response["Location"])
    assert messages_shown(page)[0].startswith(HELD)


def test_through_the_api_a_held_edit_answers_with_the_held_posts_reason(client):
    article = article_factory()
    post_comment(client, article, "hello")
    comment = Comment.objects.get()
    answer = client.patch(f"/api/v1/comments/{comment.pk}", {"body": TWENTY_LINKS},
                          content_type="application/json")
    assert answer.status_code == 200
    thread_id = comment.thread_id
    held_post = client.__class__().post(f"/api/v1/threads/{thread_id}/comments", {"body": TWENTY_LINKS + "!"},
                                        content_type="application/json", REMOTE_ADDR="198.51.100.4")
    assert answer.json()["held"] is True and held_post.json()["held"] is True
    assert answer.json()["held_reason"] == held_post.json()["held_reason"] != ""
    assert answer.json()["status"] == "pending" and answer.json()["viewer"]["mine"] is True


def test_an_edit_into_banned_words_shows_the_form_again_with_the_reason(client):
    WordRule.objects.create(phrase="vermin", kind=WordRule.Kind.BANNED)
    article = article_factory()
    post_comment(client, article, "hello")
    comment = Comment.objects.get()
    response = edit(client, comment, "They are vermin")
    assert response.status_code == 400
    assert "“vermin”" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "hello" and comment.status == "visible"


def test_a_comment_with_replies_sent_back_to_review_keeps_its_place_for_them(client):
    article = article_factory()
    post_comment(client, article, "hello")
    comment = Comment.objects.get()
    comment_post(thread=comment.thread, body="A fair answer", reader=guest_reader(), parent_id=comment.pk)
    before = client.__class__().get(article.get_absolute_url()).content.decode()
    assert "2 comments" in before
    edit(client, comment, TWENTY_LINKS)
    page = client.__class__().get(article.get_absolute_url()).content.decode()
    assert "This comment is waiting for a moderator." in page and "A fair answer" in page
    assert "shop19.example" not in page and "1 comment" in page


def test_staff_are_sent_to_the_moderators_edit_and_cannot_use_the_readers(client):
    article = article_factory()
    post_comment(client, article, "My own words")
    comment = Comment.objects.get()
    staff = client.__class__()
    staff.force_login(moderator_factory())
    url = reverse("discussion:comment_edit", args=[comment.pk])
    assert url not in staff.get(article.get_absolute_url()).content.decode()
    opened = staff.get(url)
    assert opened.status_code == 302
    assert opened["Location"] == reverse("moderation:edit", args=[comment.pk])
    assert edit(staff, comment, "Words put in my mouth").status_code == 404
    comment.refresh_from_db()
    assert comment.body == "My own words" and comment.edited_at is None
    # The moderators' edit changes it, in the open.
    staff.post(opened["Location"], {"body": "My words, trimmed", "note": "Trimmed"})
    comment.refresh_from_db()
    assert (comment.body, comment.moderator_note) == ("My words, trimmed", "Trimmed")
    assert ModerationAction.objects.get().action == "edit"
