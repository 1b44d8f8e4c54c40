"""After posting, what became of the comment and of "Notify me of" is said where the reader is."""

import pytest

from tribune.discussion.comments.tests.factories import article_factory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ON_SCREEN = """el => { const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1; }"""


def test_a_held_post_and_its_subscription_are_confirmed_beside_their_controls(live_server, page, settings, smtp):
    settings.DISCUSSION_HOLD_FIRST_GUEST_COMMENT = True
    article = article_factory(body="\n\n".join(f"Paragraph {n} of the report, which goes on. " * 4 for n in range(14)))
    page.goto(live_server.url + article.get_absolute_url())
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")

    page.get_by_label("Join the discussion").fill("Please tell me when someone answers")
    page.get_by_label("Name").fill("Sami")
    page.locator("#id_email").fill("sami@example.org")
    page.get_by_label("New replies to my comments").check()
    page.get_by_role("button", name="Post comment").click()

    # The post's outcome sits right after the button that sent it, announced, and on screen.
    held = page.locator("#comment-form button[type=submit]:not([formaction]) + [role=status]")
    held.wait_for()
    assert "review" in held.inner_text()
    page.wait_for_function(ON_SCREEN, arg=held.element_handle())
    # What became of "Notify me of" is said inside it, not at the top of the page.
    said = page.locator("[data-notify] [role=status]", has_text="Almost done")
    said.wait_for()
    assert page.locator("#comments > [role=status], #comment-form ~ [role=status]").count() == 0
    assert page.locator("#comment-form").evaluate("f => !f.previousElementSibling.matches('[role=status]')")
    # The form is ready for another comment.
    assert page.get_by_label("Join the discussion").input_value() == ""
