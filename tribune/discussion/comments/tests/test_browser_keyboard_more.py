"""More of the discussion with the keyboard alone: reporting a comment, and commenting on one
passage of the article through the paragraph picker (text cannot be selected without a mouse)."""

import pytest

from tribune.core.tests.keyboard import focus_is_on, tab_to
from tribune.demo.load import demo_load
from tribune.discussion.comments.models import Comment
from tribune.discussion.moderation.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def article_tab(chromium, live_server, width=1440):
    article = demo_load().article
    context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(live_server.url + article.get_absolute_url())
    tab.locator("[data-discussion][data-enhanced] [data-passage-choice]").wait_for()
    return tab


@pytest.mark.parametrize("width", [360, 1440])
def test_a_reader_reports_a_comment_with_the_keyboard_alone(live_server, chromium, width):
    tab = article_tab(chromium, live_server, width)
    target = Comment.objects.filter(status="visible").order_by("-created_at").first()
    tab_to(tab, f'#comment-{target.pk} a[href*="/report/"]')
    tab.keyboard.press("Enter")
    tab.get_by_role("heading", name="Report a comment").wait_for()
    # The reasons are one group of radio buttons: Tab reaches it, the arrows choose.
    tab_to(tab, "input[name=reason]")
    tab.keyboard.press("ArrowDown")
    chosen = tab.evaluate("document.activeElement.value")
    tab_to(tab, "#id_note")
    tab.keyboard.type("Names a private person.")
    tab_to(tab, "button[type=submit]")
    tab.keyboard.press("Enter")
    tab.get_by_text("Thank you. A moderator will look at this comment.").wait_for()
    report = Report.objects.get(comment=target)
    assert (report.reason, report.note) == (chosen, "Names a private person.")
    tab.context.close()


def test_a_reader_comments_on_one_paragraph_with_the_keyboard_alone(live_server, chromium):
    tab = article_tab(chromium, live_server)
    tab_to(tab, "[data-passage-choice]")
    # The second paragraph of the article: a select takes the arrows.
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")
    paragraph = tab.evaluate("document.activeElement.selectedOptions[0].textContent")
    assert paragraph and paragraph != tab.evaluate("document.activeElement.options[0].textContent")
    tab_to(tab, "#id_body")
    tab.keyboard.type("About this paragraph only.")
    tab_to(tab, "#id_name")
    tab.keyboard.type("Kay")
    tab_to(tab, "#comment-form button[type=submit]:not([formaction])")
    tab.keyboard.press("Enter")
    posted = tab.locator(".comment", has_text="About this paragraph only.")
    posted.wait_for()
    focus_is_on(tab, "[data-comment]")
    comment = Comment.objects.get(body="About this paragraph only.")
    assert comment.anchor is not None
    # The comment shows the passage it is about.
    quoted = posted.locator(".comment__quote").inner_text()
    assert paragraph.rstrip("…")[:40] in quoted
    tab.context.close()
