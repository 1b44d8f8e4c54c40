"""Inline feedback in Chromium: the editor's marker, the selection button and the filter."""

import pytest

from tribune.discussion.comments.anchoring import text_of_html
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.services.anchors import anchor_create
from tribune.discussion.comments.tests.factories import guest_reader, user_factory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION_PASSAGE = "the evacuation deal that was reached after the surrender"
SELECTED = "heavy rockets and battle tanks"


def test_marker_opens_the_question_and_answers_in_place(live_server, page, demo):
    text = text_of_html(demo.body_html)
    start = text.index(QUESTION_PASSAGE)
    anchor_create(article=demo, exact=QUESTION_PASSAGE, start=start, end=start + len(QUESTION_PASSAGE),
                  question="Was this evacuation deal fair?", created_by=user_factory())
    page.goto(live_server.url + demo.get_absolute_url())
    mark = page.locator("mark.passage").first
    assert mark.inner_text() == QUESTION_PASSAGE
    marker = page.locator("[data-passage-marker]")
    assert marker.inner_text().startswith("?")
    marker.click()
    panel = page.get_by_role("region", name="Answers")
    assert "Was this evacuation deal fair?" in panel.inner_text()
    panel.get_by_role("button", name="Answer this question").click()
    panel.get_by_label("Join the discussion").fill("Fair enough, given the alternative.")
    panel.get_by_role("button", name="Post comment").click()
    answer = page.locator(".comments .comment", has_text="Fair enough, given the alternative.")
    answer.wait_for()
    assert "Was this evacuation deal fair?" in answer.locator(".comment__quote").inner_text()
    page.reload()
    assert "1" in page.locator("[data-passage-marker]").inner_text()


def test_selecting_text_offers_comment_on_this_and_the_filter_shows_passage_comments(live_server, page, demo):
    comment_post(thread=demo.thread, body="A comment on the whole article", reader=guest_reader())
    page.goto(live_server.url + demo.get_absolute_url())
    page.evaluate("""(wanted) => {
        const body = document.querySelector('.article__body');
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode, at = node.data.indexOf(wanted);
            if (at >= 0) { window.getSelection().setBaseAndExtent(node, at, node, at + wanted.length); return; }
        }
    }""", SELECTED)
    button = page.get_by_role("button", name="Comment on this")
    button.wait_for()
    button.click()
    assert page.locator("[data-passage-text]").inner_text() == SELECTED
    assert page.evaluate("document.activeElement.id") == "id_body"
    page.keyboard.type("Where did these weapons come from?")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".comment", has_text="Where did these weapons come from?").wait_for()
    # The next comment is about the whole article again.
    assert page.locator("[data-passage]").is_hidden()
    page.get_by_label("Join the discussion").fill("And a thought on the whole story")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".comment", has_text="And a thought on the whole story").wait_for()

    page.reload()
    assert page.locator("mark.passage").inner_text() == SELECTED
    page.get_by_role("link", name="Inline Feedbacks").click()
    page.wait_for_function("() => document.querySelectorAll('.comments > .comment').length === 1")
    only = page.locator(".comments > .comment")
    assert "Where did these weapons come from?" in only.inner_text()
    assert page.locator(".comments .comment", has_text="A comment on the whole article").count() == 0
    only.locator("[data-anchor-link]").click()
    page.wait_for_function("() => document.querySelector('mark.passage').classList.contains('passage--lit')")


def test_keyboard_users_choose_a_paragraph_to_comment_on(live_server, page, demo):
    page.goto(live_server.url + demo.get_absolute_url())
    page.get_by_label("About", exact=True).focus()
    page.keyboard.press("ArrowDown")  # the first paragraph
    passage = page.locator("[data-passage-text]").inner_text()
    assert passage.startswith("On April 20, several units of the Russian Military Police")
    page.get_by_label("Join the discussion").fill("Which opposition sources?")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".comment", has_text="Which opposition sources?").wait_for()
    page.reload()
    assert page.locator("mark.passage").inner_text() == passage
