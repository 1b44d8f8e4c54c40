"""What a reader does in the comment section, in Chromium, with JavaScript on."""

import pytest

from tribune.discussion.comments.services import comment_post, thread_for_article_get_or_create
from tribune.discussion.comments.tests.factories import article_factory, guest_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_article(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    # The comment script marks the section once its handlers are bound.
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")


def test_guest_posts_replies_and_votes_in_place(live_server, page):
    article = article_factory()
    thread = thread_for_article_get_or_create(article=article)
    other = comment_post(thread=thread, body="Someone else's view", reader=guest_reader(),
                         guest_name="Olu")
    open_article(page, live_server, article)
    url_before = page.url

    page.get_by_label("Join the discussion").fill("My **first** comment")
    page.get_by_label("Name").fill("Sami")
    page.get_by_role("button", name="Post comment").click()
    mine = page.locator(".comment", has_text="My first comment")
    mine.wait_for()
    assert mine.locator("strong").inner_text() == "first"
    assert "Sami" in mine.inner_text()
    assert page.locator("#comments-title").inner_text() == "2 comments"
    assert page.url == url_before  # no reload

    olu = page.locator(f"#comment-{other.pk}")
    olu.get_by_role("link", name="Reply").click()
    form = olu.locator("form.comment-form")
    form.get_by_label("Join the discussion").fill("Replying in place")
    form.get_by_role("button", name="Post comment").click()
    reply = page.locator(".comment--depth-1", has_text="Replying in place")
    reply.wait_for()
    # The reply sits right under the comment it answers.
    assert page.locator(f"#comment-{other.pk} + li").inner_text() == reply.inner_text()

    up = olu.locator(".vote__button--up")
    up.click()
    page.wait_for_function(f"() => document.querySelector('#comment-{other.pk} [data-upvotes]').textContent === '1'")
    # What a screen reader says follows the count.
    assert (up.get_attribute("aria-pressed"), up.get_attribute("aria-label")) == ("true", "Vote up (1)")
    up.click()  # pressing it again withdraws the vote
    page.wait_for_function(f"() => document.querySelector('#comment-{other.pk} [data-upvotes]').textContent === '0'")
    assert (up.get_attribute("aria-pressed"), up.get_attribute("aria-label")) == ("false", "Vote up (0)")
    # Voting on one's own comment is not offered.
    assert mine.locator(".vote__button--up").is_disabled()

    page.reload()
    assert page.locator(".comment", has_text="Replying in place").count() == 1
    assert page.locator(".comment--mine").count() == 2  # this browser wrote both


def test_sorting_and_view_all_comments_happen_in_place(live_server, page):
    article = article_factory()
    thread = thread_for_article_get_or_create(article=article)
    for n in range(25):
        comment_post(thread=thread, body=f"Comment number {n:02d}", reader=guest_reader())
    open_article(page, live_server, article)
    comments = page.locator(".comments > .comment")
    assert comments.count() == 20
    assert "Comment number 24" in comments.first.inner_text()

    page.get_by_role("link", name="Oldest").click()
    page.wait_for_function("() => document.querySelector('.comments .comment').textContent.includes('Comment number 00')")
    assert page.get_by_role("link", name="Oldest").get_attribute("aria-current") == "true"
    assert "sort=oldest" in page.url

    page.get_by_role("link", name="View all comments").click()
    page.wait_for_function("() => document.querySelectorAll('.comments > .comment').length === 25")
    assert page.get_by_role("link", name="View all comments").count() == 0
    assert "comments=all" in page.url
    # The list the page shows after a reload is the one the reader was looking at.
    page.reload()
    assert page.locator(".comments > .comment").count() == 25
    assert "Comment number 00" in page.locator(".comments > .comment").first.inner_text()


def test_a_refused_comment_says_why_in_the_form_and_keeps_the_text(live_server, page, settings):
    settings.DISCUSSION_ALLOW_ANONYMOUS = False
    article = article_factory()
    open_article(page, live_server, article)
    page.get_by_label("Join the discussion").fill("Who am I?")
    page.get_by_role("button", name="Post comment").click()
    errors = page.get_by_role("alert")
    errors.get_by_text("Give a name to post a comment.").wait_for()
    assert page.get_by_label("Join the discussion").input_value() == "Who am I?"
    assert page.locator(".comment").count() == 0


def test_prompt_leads_to_the_form(live_server, page):
    # Long enough that the form starts below the screen: the prompt stays away while it shows.
    article = article_factory(body="\n\n".join(f"Paragraph {n} of the report, which goes on. " * 4 for n in range(14)))
    open_article(page, live_server, article)
    page.get_by_text("Would love your thoughts, please comment.").click()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'id_body'")


def test_the_article_page_requests_nothing_from_third_parties(live_server, page):
    from urllib.parse import urlsplit

    from tribune.demo.load import demo_load

    article = demo_load().article
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    open_article(page, live_server, article)
    page.get_by_label("Join the discussion").fill("Checking the network")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".comment", has_text="Checking the network").wait_for()
    assert hosts == {urlsplit(live_server.url).netloc}
