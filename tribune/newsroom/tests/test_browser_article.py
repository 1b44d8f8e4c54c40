"""A reader opens the demo article in Chromium, reads it, dismisses the prompt and comments."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_sees_the_demo_article(live_server, page, tmp_path):
    from tribune.demo.load import demo_load

    article = demo_load().article
    page.goto(live_server.url + article.get_absolute_url())

    assert page.locator("h1").inner_text() == article.headline
    meter = page.get_by_role("meter")
    assert "3,048" in meter.get_attribute("aria-valuetext")
    scale = " ".join(page.locator(".goal__scale").inner_text().split())
    assert scale == "0 $ 2,500 $ 5,000 $"
    assert " ".join(page.locator(".goal__amount").inner_text().split()) == "3,048 $"
    assert page.get_by_role("link", name="Support SouthFront").count() == 2

    authors = [" ".join(a.split()) for a in page.locator(".comment__author").all_inner_texts()]
    assert authors == ["Anonymous", "Shylo Duffy", "Regime Force", "Anonymous", "Anonymous",
                       "neil barron", "Roger Snellman"]
    page.screenshot(path=tmp_path / "article.png", full_page=True)

    # Opening the full-size image is tested in test_browser_lightbox.py.


def test_closing_the_prompt_keeps_it_closed(live_server, page):
    from tribune.demo.load import demo_load

    article = demo_load().article
    page.goto(live_server.url + article.get_absolute_url())
    # The comment script marks the section once its handlers are bound.
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
    prompt = page.get_by_text("Would love your thoughts, please comment.")
    assert prompt.is_visible()
    prompt.click()
    assert page.url.endswith("#comment-form")
    # The script sets the cookie the server reads: closing asks nothing of the server.
    page.get_by_role("button", name="Close").click()
    assert prompt.is_hidden()
    page.reload()
    assert page.get_by_text("Would love your thoughts, please comment.").count() == 0


def test_guest_posts_a_comment_without_javascript(live_server, chromium):
    from tribune.demo.load import demo_load

    article = demo_load().article
    context = chromium.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_server.url + article.get_absolute_url())
    tab.get_by_label("Join the discussion").fill("Thanks for the *clear* report.")
    tab.get_by_label("Name").fill("Amal")
    tab.get_by_role("button", name="Post comment").click()
    assert "#comment-" in tab.url
    first = tab.locator(".comment").first
    assert "Amal" in first.inner_text()
    assert first.locator("em").inner_text() == "clear"
    assert "8 comments" in tab.locator("#comments-title").inner_text()
    context.close()
