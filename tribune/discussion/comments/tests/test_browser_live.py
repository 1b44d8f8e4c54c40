"""Live updates in the article's comment section, in Chromium: what one reader sees while another
writes, from a real `tribune live` beside the test server (fixture live_stream)."""

from urllib.parse import urlsplit

import pytest

from tribune.discussion.comments.services import comment_post, thread_for_article_get_or_create
from tribune.discussion.comments.tests.factories import article_factory, guest_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_live(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    # Connected: the stream said it is ready.
    page.locator("[data-discussion][data-live-state='open']").wait_for(state="attached")


def top_of(page, selector):
    return page.eval_on_selector(selector, "element => element.getBoundingClientRect().top")


def test_a_comment_posted_in_another_browser_waits_behind_a_button_then_shows(live_server, live_stream, page,
                                                                              chromium):
    article = article_factory()
    thread = thread_for_article_get_or_create(article=article)
    first = None
    for n in range(12):
        comment = comment_post(thread=thread, body=f"Earlier comment number {n:02d}.", reader=guest_reader(),
                               guest_name="Olu")
        first = first or comment
    origins = set()
    page.on("request", lambda request: origins.add("{0.scheme}://{0.netloc}".format(urlsplit(request.url))))
    open_live(page, live_server, article)
    # The reader has scrolled down to the oldest comment and reads it.
    reading = f"#comment-{first.pk}"
    page.locator(reading).scroll_into_view_if_needed()
    before = top_of(page, reading)

    writer = chromium.new_context(viewport={"width": 1000, "height": 900})
    try:
        other = writer.new_page()
        other.set_default_timeout(10_000)
        open_live(other, live_server, article)
        other.get_by_label("Join the discussion").fill("News from the second window")
        other.get_by_label("Name").fill("Sami")
        other.get_by_role("button", name="Post comment").click()
        other.locator(".comment", has_text="News from the second window").wait_for()
        other.locator(f"#comment-{first.pk} .vote__button--up").click()

        news = page.get_by_role("button", name="1 new comment")
        news.wait_for()
        # Announced politely to screen readers, and nothing moved under the reader's eyes.
        page.wait_for_function("() => document.querySelector('[data-live-status]').textContent"
                               " === '1 new comment.'")
        assert page.get_attribute("[data-live-status]", "aria-live") == "polite"
        assert page.locator(".comment", has_text="News from the second window").count() == 0
        assert top_of(page, reading) == before
        # The vote counts in place.
        page.wait_for_function(f"() => document.querySelector('#comment-{first.pk} [data-upvotes]')"
                               ".textContent === '1'")
        assert page.locator("#comments-title").inner_text() == "13 comments"

        news.click()
        fresh = page.locator(".comment", has_text="News from the second window")
        fresh.wait_for()
        assert "Sami" in fresh.inner_text()
        assert news.is_hidden()
        # What the reader was reading stayed where it was on the screen.
        assert abs(top_of(page, reading) - before) < 1
        # Requests went to the site and its live server only.
        assert origins == {live_server.url, live_stream.origin}
    finally:
        writer.close()
