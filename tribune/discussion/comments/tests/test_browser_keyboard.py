"""A reader takes part in the discussion with the keyboard alone: posts, replies, votes, follows
the thread, reports a comment and comments on one paragraph (through the paragraph picker: text
cannot be selected without a mouse), seeing the focus at every stop, and finds the focus where
the change happened."""

import pytest
from django.test import override_settings

from tribune.core.tests.keyboard import focus_is_on, tab_to
from tribune.demo.load import demo_load
from tribune.discussion.comments.models import Comment
from tribune.discussion.moderation.models import Report
from tribune.discussion.notifications.models import Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def article_tab(chromium, live_server, width=1440):
    article = demo_load().article
    context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(live_server.url + article.get_absolute_url())
    # inline.js adds the paragraph picker once the section is bound: every handler is there.
    tab.locator("[data-discussion][data-enhanced] [data-passage-choice]").wait_for()
    return tab


@pytest.mark.parametrize("width", [360, 1440])
def test_a_guest_posts_replies_and_votes_with_the_keyboard_alone(live_server, chromium, width):
    tab = article_tab(chromium, live_server, width)

    tab_to(tab, "#id_body")
    tab.keyboard.type("Written without a mouse.")
    tab_to(tab, "#id_name")
    tab.keyboard.type("Kay")
    tab_to(tab, "#comment-form button[type=submit]:not([formaction])")
    tab.keyboard.press("Enter")
    mine = tab.locator(".comment", has_text="Written without a mouse.")
    mine.wait_for()
    # The focus moves to the new comment, so the next Tab continues from it.
    focus_is_on(tab, "[data-comment]")
    posted = Comment.objects.get(body="Written without a mouse.")
    assert tab.evaluate("document.activeElement.dataset.comment") == str(posted.pk)

    # Reply to it: the form comes under the comment with the focus in its text box.
    tab_to(tab, f'[data-reply="{posted.pk}"]')
    tab.keyboard.press("Enter")
    focus_is_on(tab, "#id_body")
    assert tab.locator("[data-replying]").is_visible()
    tab.keyboard.type("And a reply, still without one.")
    tab_to(tab, "#comment-form button[type=submit]:not([formaction])")
    tab.keyboard.press("Enter")
    tab.locator(".comment", has_text="And a reply, still without one.").wait_for()
    reply = Comment.objects.get(body="And a reply, still without one.")
    assert reply.parent_id == posted.pk
    assert tab.evaluate("document.activeElement.dataset.comment") == str(reply.pk)

    # Vote on someone else's comment: the button says it is pressed and keeps the focus.
    other = (Comment.objects.filter(status="visible").exclude(pk__in=[posted.pk, reply.pk])
             .order_by("-created_at").first())
    up = f'[data-vote="{other.pk}"] .vote__button--up'
    tab_to(tab, up)
    with tab.expect_response(lambda r: "/vote" in r.url) as answer:
        tab.keyboard.press("Space")
    assert answer.value.status == 200, answer.value.text()
    tab.wait_for_function("() => document.activeElement.getAttribute('aria-pressed') === 'true'")
    focus_is_on(tab, up)
    tab.context.close()


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_a_guest_follows_the_thread_with_the_keyboard_alone(live_server, chromium):
    tab = article_tab(chromium, live_server, 1440)
    tab_to(tab, "#id_email")
    tab.keyboard.type("kay@example.org")
    tab_to(tab, "[name=notify][value=thread]")
    tab.keyboard.press("Space")
    assert tab.locator("[name=notify][value=thread]").is_checked()
    tab_to(tab, "[data-notify-follow]")
    tab.keyboard.press("Enter")
    # Said inside "Notify me of", whose button gives way to the state, which has the focus.
    tab.locator("#follow [role=status]", has_text="Almost done").wait_for()
    focus_is_on(tab, "#follow [data-notify-following]")
    assert Subscription.objects.filter(subscriber__email="kay@example.org").exists()
    tab.context.close()


@pytest.mark.parametrize("width", [360, 1440])
def test_a_reader_reports_a_comment_with_the_keyboard_alone(live_server, chromium, width):
    tab = article_tab(chromium, live_server, width)
    target = Comment.objects.filter(status="visible").order_by("-created_at").first()
    item = f"#comment-{target.pk}"
    tab_to(tab, f'{item} a[href*="/report/"]')
    tab.keyboard.press("Enter")
    # The form opens under the comment, the focus on its reasons: one group of radio buttons,
    # which the arrows choose among.
    focus_is_on(tab, f"{item} [data-panel-kind=report] input[name=reason]")
    tab.keyboard.press("ArrowDown")
    chosen = tab.evaluate("document.activeElement.value")
    tab_to(tab, f"{item} [name=note]")
    tab.keyboard.type("Names a private person.")
    tab_to(tab, f"{item} [data-panel-kind=report] button[type=submit]")
    tab.keyboard.press("Enter")
    # Thanked under the comment, whose Report link, now "Reported", keeps the focus.
    tab.locator(f"{item} [role=status]", has_text="Thank you. A moderator will look at this comment.").wait_for()
    focus_is_on(tab, f"{item} [data-reported]")
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
