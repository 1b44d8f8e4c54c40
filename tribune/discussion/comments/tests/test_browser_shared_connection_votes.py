"""Readers behind one connection (a household, an office) each vote, in their own browsers."""

import pytest

from tribune.discussion.comments.services import comment_post, thread_for_article_get_or_create
from tribune.discussion.comments.tests.factories import article_factory, guest_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_readers_sharing_one_connection_each_vote_once(live_server, chromium):
    article = article_factory()
    thread = thread_for_article_get_or_create(article=article)
    comment = comment_post(thread=thread, body="Worth a vote", reader=guest_reader(), guest_name="Olu")
    url = live_server.url + article.get_absolute_url()
    # Every browser here reaches the site from the same address, as a household's would.
    for n in (1, 2, 3):
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        try:
            tab = context.new_page()
            tab.goto(url)
            tab.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
            up = tab.locator(f"#comment-{comment.pk} .vote__button--up")
            up.click()
            tab.wait_for_function(
                f"() => document.querySelector('#comment-{comment.pk} [data-upvotes]').textContent === '{n}'")
            assert up.get_attribute("aria-pressed") == "true"
            assert tab.locator(f"#comment-{comment.pk} .vote__note").count() == 0
            # After a reload the count and their own vote hold.
            tab.reload()
            tab.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
            assert tab.locator(f"#comment-{comment.pk} [data-upvotes]").inner_text() == str(n)
            assert up.get_attribute("aria-pressed") == "true"
        finally:
            context.close()
