"""The comment section works without JavaScript: forms post and redirect back to the comment."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tribune.discussion.comments import conf
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import article_factory, guest_reader, thread_factory

pytestmark = pytest.mark.django_db


def post_comment(client, article, **data):
    return client.post(reverse("discussion:comment_create", kwargs={"article_id": article.pk}),
                       {"body": "Hello", **data})


def test_posting_redirects_to_the_new_comment_and_the_guest_can_edit_it(client):
    article = article_factory()
    response = post_comment(client, article, body="Well *reported*", name="Noor")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Noor" in page and "<em>reported</em>" in page
    assert reverse("discussion:comment_edit", args=[comment.pk]) in page  # the author's own link

    edit = client.post(reverse("discussion:comment_edit", args=[comment.pk]), {"body": "Well reported"})
    assert edit.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Well reported" and comment.edited_at


def test_another_browser_sees_no_edit_link_and_cannot_edit(client, django_user_model):
    article = article_factory()
    post_comment(client, article, body="Mine")
    comment = Comment.objects.get()
    stranger = client.__class__()
    page = stranger.get(article.get_absolute_url()).content.decode()
    assert reverse("discussion:comment_edit", args=[comment.pk]) not in page
    assert stranger.post(reverse("discussion:comment_edit", args=[comment.pk]),
                         {"body": "Hijack"}).status_code == 404
    assert stranger.post(reverse("discussion:comment_delete", args=[comment.pk])).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_invalid_comment_shows_the_form_again_with_the_error(client):
    article = article_factory()
    response = post_comment(client, article, body="x" * 5001)
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    assert Comment.objects.count() == 0


def test_honeypot_filled_by_a_bot_is_refused(client):
    response = post_comment(client, article_factory(), website="http://spam.example")
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_csrf_is_required_on_the_comment_form(client):
    article = article_factory()
    strict = client.__class__(enforce_csrf_checks=True)
    assert post_comment(strict, article).status_code == 403


def test_vote_without_javascript_counts_and_redirects(client):
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Vote", reader=guest_reader())
    response = client.post(reverse("discussion:comment_vote", args=[comment.pk]), {"value": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.upvotes == 1
    page = client.get(thread.article.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page


def test_view_all_comments_shows_the_rest(client):
    thread = thread_factory()
    for n in range(23):
        comment_post(thread=thread, body=f"Comment number {n}", reader=guest_reader())
    url = thread.article.get_absolute_url()
    first = client.get(url).content.decode()
    assert "View all comments" in first and "23 comments" in first
    assert first.count('class="comment comment--depth-0') == 20
    assert '<p class="discussion__more" data-more>' in first
    everything = client.get(url + "?comments=all").content.decode()
    assert everything.count('class="comment comment--depth-0') == 23
    assert '<p class="discussion__more" data-more hidden>' in everything


def test_most_voted_puts_the_best_comment_first(client):
    from tribune.discussion.comments.services import vote_cast

    thread = thread_factory()
    quiet = comment_post(thread=thread, body="Quiet one", reader=guest_reader())
    loved = comment_post(thread=thread, body="Loved one", reader=guest_reader())
    vote_cast(comment=quiet, reader=guest_reader(), value=1)
    for _ in range(2):
        vote_cast(comment=loved, reader=guest_reader(), value=1)
    vote_cast(comment=comment_post(thread=thread, body="Newest one", reader=guest_reader()),
              reader=guest_reader(), value=-1)
    page = client.get(thread.article.get_absolute_url() + "?sort=voted").content.decode()
    assert page.index("Loved one") < page.index("Quiet one") < page.index("Newest one")


def test_deep_replies_stop_indenting_and_name_the_parent(client):
    thread = thread_factory()
    parent = comment_post(thread=thread, body="Level 0", reader=guest_reader())
    for level in range(1, 6):
        parent = comment_post(thread=thread, body=f"Level {level}", reader=guest_reader(),
                              guest_name=f"Writer{level}", parent_id=parent.pk)
    page = client.get(thread.article.get_absolute_url()).content.decode()
    assert page.count("comment--depth-3") == 3
    assert "@Writer4" in page


def test_rate_limit_page_has_retry_after(client):
    article = article_factory()
    with override_settings(DISCUSSION_POST_RATE=(1, 60)):
        post_comment(client, article, body="First")
        refused = post_comment(client, article, body="Second")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Too many requests" in refused.content.decode()


def test_comment_counts_on_the_article_page(client):
    thread = thread_factory()
    comment_post(thread=thread, body="One", reader=guest_reader())
    assert "1 comment" in client.get(thread.article.get_absolute_url()).content.decode()


def test_lists_of_articles_show_comment_counts_in_one_query(client, django_assert_max_num_queries):
    threads = [thread_factory() for _ in range(5)]
    for n, thread in enumerate(threads):
        for _ in range(n):
            comment_post(thread=thread, body="x", reader=guest_reader())
    # The list's own queries, plus one for the counts of all five (one per article would be 5).
    with django_assert_max_num_queries(6):
        page = client.get(reverse("newsroom:front_page")).content.decode()
    assert "4 comments" in page and "1 comment<" in page and "0 comments" in page


def test_staff_change_a_comments_text_from_the_admin_only_through_the_moderators_edit(admin_client):
    comment = comment_post(thread=thread_factory(), body="Original", reader=guest_reader())
    url = reverse("admin:discussion_comment_change", args=[comment.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    assert reverse("moderation:edit", args=[comment.pk]) in page.content.decode()
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(body="Edited quietly", thread=comment.thread_id, root=comment.root_id,
                status="visible", parent="", user="", guest_name="", guest_email="")
    assert admin_client.post(url, data).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Original" and comment.edited_at is None

    edited = admin_client.post(reverse("moderation:edit", args=[comment.pk]),
                               {"body": "Edited <script>alert(1)</script> *text*", "note": "Tidied"})
    assert edited.status_code == 302
    comment.refresh_from_db()
    assert "<script>" not in comment.body_html and "<em>text</em>" in comment.body_html
    assert comment.edited_at is not None and comment.moderator_note == "Tidied"


def test_the_guest_cookie_never_travels_over_plain_http_when_cookies_are_secure(client, settings):
    # SECURE_COOKIES=true sets SESSION_COOKIE_SECURE: a guest's key is as good as a session.
    settings.SESSION_COOKIE_SECURE = True
    article = article_factory()
    response = post_comment(client, article, body="Over TLS only")
    assert response.cookies["tribune_guest"]["secure"] is True
    dismissed = client.post(reverse("discussion:prompt_dismiss"), {"next": "/"})
    assert dismissed.cookies[conf.get("DISCUSSION_PROMPT_COOKIE")]["secure"] is True


def test_the_guest_cookie_works_over_plain_http_by_default(client):
    response = post_comment(client, article_factory(), body="Local development")
    assert not response.cookies["tribune_guest"]["secure"]


def test_a_guests_own_answers_are_private_to_shared_caches(client):
    article = article_factory()
    post_comment(client, article, body="Mine")
    comment = Comment.objects.get()
    page = client.get(article.get_absolute_url())
    assert reverse("discussion:comment_delete", args=[comment.pk]) in page.content.decode()
    assert "private" in page["Cache-Control"]
    mine = client.get(f"/api/v1/threads/{comment.thread_id}/mine")
    assert mine.json()["comment_ids"] == [comment.pk] and "private" in mine["Cache-Control"]
    mine = client.__class__().get(f"/api/v1/threads/{comment.thread_id}/mine", HTTP_X_GUEST_KEY="k" * 43)
    assert mine.status_code == 200 and "private" in mine["Cache-Control"]


def test_pages_take_the_guests_key_from_the_cookie_and_the_api_from_the_header(client):
    from tribune.discussion.comments.identity import Reader

    key = "h" * 43
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Written through the API", reader=Reader(guest_key=key))
    page = client.get(thread.article.get_absolute_url(), HTTP_X_GUEST_KEY=key).content.decode()
    assert reverse("discussion:comment_delete", args=[comment.pk]) not in page
    mine = client.get(f"/api/v1/threads/{thread.pk}/mine", HTTP_X_GUEST_KEY=key).json()
    assert mine["comment_ids"] == [comment.pk]
