"""The "please comment" prompt asks only readers who might still answer, and hides nothing."""

import pytest

from tribune.discussion.comments.services import comment_post, thread_for_article_get_or_create
from tribune.discussion.comments.tests.factories import article_factory, guest_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROMPT = "[data-prompt]"
LONG_BODY = "\n\n".join(f"Paragraph {n} of a long report on the flood and what it left behind." * 3
                        for n in range(14))

# Whether the prompt, where shown, covers any part of a comment or any button or link of the
# comment section (its own excepted).
COVERS_NOTHING = """() => {
  const prompt = document.querySelector("[data-prompt]");
  if (!prompt || prompt.hidden) return true;
  const p = prompt.getBoundingClientRect();
  const covered = [...document.querySelectorAll(
      "#comments .comment, #comments button, #comments a, #comments textarea, #comments input:not([type=hidden])")]
    .filter(el => !prompt.contains(el) && el.getClientRects().length)
    .map(el => el.getBoundingClientRect())
    .filter(r => r.width && r.height && r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom);
  return covered.length === 0;
}"""


def open_article(page, url):
    page.goto(url)
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")


def test_prompt_leaves_alone_a_reader_who_commented_and_a_reader_at_the_form(live_server, page, chromium):
    article = article_factory(body=LONG_BODY)
    thread = thread_for_article_get_or_create(article=article)
    for n in range(3):
        comment_post(thread=thread, body=f"An earlier view, number {n}", reader=guest_reader(), guest_name="Olu")
    url = live_server.url + article.get_absolute_url()
    open_article(page, url)

    # At the top of the article, the prompt invites the reader down.
    page.locator(PROMPT).wait_for(state="visible")
    # With the form on screen it has nothing to ask.
    page.locator("#comment-form").scroll_into_view_if_needed()
    page.locator(PROMPT).wait_for(state="hidden")
    page.get_by_label("Join the discussion").fill("I was there that night")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".comment--mine", has_text="I was there that night").wait_for()

    # Once they have commented, it does not come back: not higher up the page, not after a reload.
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("() => window.scrollY === 0")
    assert page.locator(PROMPT).is_hidden()
    page.reload()
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
    assert page.locator(PROMPT).is_hidden()

    # Another reader is asked, and wherever they scroll it covers no comment and no control.
    other = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    try:
        open_article(other, url)
        other.locator(PROMPT).wait_for(state="visible")
        height = other.evaluate("document.documentElement.scrollHeight")
        for y in range(0, height, 300):
            other.evaluate(f"window.scrollTo(0, {y})")
            other.wait_for_function(COVERS_NOTHING, timeout=2_000)
    finally:
        other.context.close()
