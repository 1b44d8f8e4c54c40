"""A guest comes back: their browser remembers who they are, and only they see their held comment."""

import pytest

from tribune.discussion.comments.tests.factories import article_factory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_article(page, url):
    page.goto(url)
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")


def test_guest_details_come_back_from_their_own_browser_and_held_comment_is_theirs_alone(
        live_server, page, chromium, settings):
    settings.DISCUSSION_HOLD_FIRST_GUEST_COMMENT = True
    article = article_factory()
    url = live_server.url + article.get_absolute_url()
    open_article(page, url)

    page.get_by_label("Join the discussion").fill("Held until someone looks")
    page.get_by_label("Name").fill("Sami Haddad")
    page.locator("#id_email").fill("sami@example.org")
    page.get_by_role("button", name="Post comment").click()
    page.locator("[role=status]", has_text="review").wait_for()
    # Their comment is in the list at once, for them, marked as waiting.
    page.locator(".comment--mine .comment__badge--pending").wait_for()

    page.reload()
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
    # The name and email come back from this browser's own storage.
    page.wait_for_function("() => document.querySelector('#id_name').value === 'Sami Haddad'")
    assert page.locator("#id_email").input_value() == "sami@example.org"
    # Their held comment is there, marked as waiting, with its text.
    held = page.locator(".comment--mine", has_text="Held until someone looks")
    held.wait_for()
    assert held.locator(".comment__badge--pending").text_content() == "Awaiting review"

    # Another reader, in another browser, sees neither the comment nor the guest's details,
    # even when the page comes from the shared page cache.
    other = chromium.new_context().new_page()
    try:
        for _ in range(2):
            open_article(other, url)
            assert "Held until someone looks" not in other.locator("#comments").inner_text()
            assert other.get_by_label("Name").input_value() == ""
            assert other.locator("#id_email").input_value() == ""
    finally:
        other.context.close()
