"""Every confirmation is said where the action happened: after posting, subscribing, following
or reporting, with JavaScript and without it, the message sits beside the control that was used,
on screen and announced (role=status), and the control shows its new state."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tribune.core.tests.screens import shoot
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import (
    article_factory,
    guest_reader,
    thread_factory,
    user_factory,
)
from tribune.discussion.moderation.models import Report
from tribune.discussion.notifications.models import Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ON_SCREEN = """el => { const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1; }"""
LONG_BODY = "\n\n".join(f"Paragraph {n} of the report, which goes on. " * 4 for n in range(14))


def new_tab(chromium, *, js: bool):
    """A tab at a phone's width, scripts on or off, that scrolls to a fragment at once."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=js,
                                   reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.js = js
    return page


@pytest.fixture
def scripted(chromium):
    tab = new_tab(chromium, js=True)
    yield tab
    tab.context.close()


@pytest.fixture
def plain(chromium):
    tab = new_tab(chromium, js=False)
    yield tab
    tab.context.close()


def open_article(tab, live_server, article):
    tab.goto(live_server.url + article.get_absolute_url())
    if tab.js:
        tab.locator("[data-discussion][data-enhanced]").wait_for(state="attached")


def sign_in(tab, live_server, user):
    client = Client()
    client.force_login(user)
    tab.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value}])


def on_screen(tab, locator) -> bool:
    """Whether the element is in the viewport as it is, without scrolling (scripts or none)."""
    box = locator.bounding_box()
    return box is not None and box["height"] > 0 and box["y"] >= -1 and \
        box["y"] + box["height"] <= tab.viewport_size["height"] + 1


def said_once(tab, container):
    """The status line inside `container`: announced, on screen, and not also at the page's top."""
    status = container.locator("[role=status]:not(:empty)")
    assert status.count() == 1
    assert on_screen(tab, status), "the confirmation is off screen"
    assert tab.locator("main > .messages").count() == 0
    return status.inner_text()


def commented_article():
    thread = thread_factory(body=LONG_BODY)
    comments = [comment_post(thread=thread, body=f"Opinion number {n}, argued at length.", reader=guest_reader())
                for n in range(4)]
    return thread.article, comments[1]


def test_a_report_with_javascript_is_thanked_under_the_comment_which_shows_reported(live_server, scripted, tmp_path):
    tab = scripted
    article, comment = commented_article()
    open_article(tab, live_server, article)
    item = tab.locator(f"#comment-{comment.pk}")
    link = item.get_by_role("link", name="Report")
    link.scroll_into_view_if_needed()
    link.click()
    # The form opens under the comment, its first choice in focus.
    item.get_by_label("Abuse or harassment").check()
    with tab.expect_response(lambda r: r.url.endswith(f"/comments/{comment.pk}/report")) as answer:
        item.get_by_role("button", name="Send the report").click()
    assert answer.value.status == 201
    reported = item.locator("[data-reported]")
    reported.wait_for()
    assert reported.inner_text() == "Reported" and reported.get_attribute("aria-disabled") == "true"
    assert item.get_by_role("link", name="Report").count() == 0
    assert item.locator("[data-panel-kind=report]").count() == 0
    assert said_once(tab, item) == "Thank you. A moderator will look at this comment."
    # The focus stays on the control, now the state; the page did not move on.
    assert tab.evaluate("document.activeElement.hasAttribute('data-reported')")
    assert tab.url.endswith(article.get_absolute_url())
    assert Report.objects.filter(comment=comment).count() == 1
    shoot(tab, "report-js", tmp_path)


def test_a_report_without_javascript_comes_back_to_the_comment_which_shows_reported(live_server, plain, tmp_path):
    tab = plain
    article, comment = commented_article()
    open_article(tab, live_server, article)
    item = tab.locator(f"#comment-{comment.pk}")
    item.get_by_role("link", name="Report").click()
    tab.get_by_label("Abuse or harassment").check()
    tab.get_by_role("button", name="Send the report").click()
    tab.wait_for_url(f"**{article.get_absolute_url()}#comment-{comment.pk}")
    reported = item.locator("[data-reported]")
    assert reported.inner_text() == "Reported" and reported.get_attribute("aria-disabled") == "true"
    assert item.get_by_role("link", name="Report").count() == 0
    assert said_once(tab, item) == "Thank you. A moderator will look at this comment."
    assert Report.objects.filter(comment=comment).count() == 1
    shoot(tab, "report-nojs", tmp_path)


def test_following_with_javascript_is_confirmed_inside_notify_me_of(live_server, scripted, smtp, tmp_path):
    tab = scripted
    # Nobody has commented yet: the discussion has no thread, which following makes.
    article = article_factory(body=LONG_BODY)
    open_article(tab, live_server, article)
    tab.locator("#id_email").fill("ada@example.org")
    part = tab.locator("#follow")
    part.get_by_label("New follow-up comments").check()
    button = part.get_by_role("button", name="Follow without commenting")
    button.scroll_into_view_if_needed()
    with tab.expect_response(lambda r: r.url.endswith("/subscriptions") and r.request.method == "POST") as answer:
        button.click()
    assert answer.value.status == 201
    state = part.locator("[data-notify-following]")
    state.wait_for()
    # A guest must confirm their address first: that is what they are told, and what it shows.
    assert state.inner_text() == "Waiting for you to confirm by email"
    assert "Follow the link in it to confirm" in said_once(tab, part)
    assert part.get_by_role("button", name="Follow without commenting").count() == 0
    assert tab.evaluate("document.activeElement.hasAttribute('data-notify-following')")
    assert tab.url.endswith(article.get_absolute_url())
    smtp.wait_for(1)
    assert Subscription.objects.get().confirmed_at is None
    shoot(tab, "follow-js", tmp_path)


def test_following_without_javascript_comes_back_to_notify_me_of(live_server, plain, tmp_path):
    tab = plain
    article, _comment = commented_article()
    sign_in(tab, live_server, user_factory("Lin Reader", email="lin@example.org"))
    open_article(tab, live_server, article)
    part = tab.locator("#follow")
    part.get_by_label("New follow-up comments").check()
    part.get_by_role("button", name="Follow without commenting").click()
    tab.wait_for_url(f"**{article.get_absolute_url()}#follow")
    state = part.locator("[data-notify-following]")
    assert state.inner_text().startswith("You follow this discussion")
    assert state.get_by_role("link", name="Manage or stop").count() == 1
    assert said_once(tab, part).startswith("You now follow this discussion.")
    assert part.get_by_role("button", name="Follow without commenting").count() == 0
    assert Subscription.objects.get().confirmed_at is not None
    shoot(tab, "follow-nojs", tmp_path)


def test_subscribing_with_a_comment_and_javascript_shows_the_reader_following(live_server, scripted, tmp_path):
    tab = scripted
    article, _comment = commented_article()
    sign_in(tab, live_server, user_factory("Lin Reader", email="lin@example.org"))
    open_article(tab, live_server, article)
    tab.get_by_label("Join the discussion").fill("Tell me when someone answers this.")
    tab.locator("#follow").get_by_label("New replies to my comments").check()
    tab.get_by_role("button", name="Post comment").click()
    part = tab.locator("#follow")
    state = part.locator("[data-notify-following]")
    state.wait_for()
    assert state.inner_text().startswith("You follow this discussion")
    assert said_once(tab, part) == "You will get an email about new comments."
    assert Subscription.objects.get().kind == "replies"


def test_subscribing_with_a_comment_without_javascript_is_confirmed_under_it(live_server, plain, smtp, tmp_path):
    tab = plain
    article, _comment = commented_article()
    open_article(tab, live_server, article)
    tab.get_by_label("Join the discussion").fill("Tell me when someone answers this.")
    tab.get_by_label("Name").fill("Sami")
    tab.locator("#id_email").fill("sami@example.org")
    tab.locator("#follow").get_by_label("New replies to my comments").check()
    tab.get_by_role("button", name="Post comment").click()
    tab.wait_for_url("**#comment-*")
    mine = tab.locator("#" + tab.url.rsplit("#", 1)[1])
    assert "Tell me when someone answers this." in mine.inner_text()
    assert "Follow the link in it to confirm" in said_once(tab, mine)
    # "Notify me of" shows the guest waiting for their confirmation, without saying it twice.
    part = tab.locator("#follow")
    assert part.locator("[data-notify-following]").inner_text() == "Waiting for you to confirm by email"
    assert part.locator("[role=status]:not(:empty)").count() == 0
    shoot(tab, "subscribe-nojs", tmp_path)


def test_a_held_post_without_javascript_is_explained_beside_the_post_button(live_server, plain, settings, tmp_path):
    tab = plain
    settings.DISCUSSION_HOLD_FIRST_GUEST_COMMENT = True
    article, _comment = commented_article()
    open_article(tab, live_server, article)
    tab.get_by_label("Join the discussion").fill("My first words here")
    tab.get_by_role("button", name="Post comment").click()
    tab.wait_for_url("**#comment-form")
    held = tab.locator("#comment-form button[type=submit]:not([formaction]) + [role=status]")
    assert "review" in held.inner_text()
    assert said_once(tab, tab.locator("#comment-form")) == held.inner_text()
    shoot(tab, "post-held-nojs", tmp_path)


def test_a_held_post_and_its_subscription_are_confirmed_beside_their_controls(live_server, scripted, settings, smtp,
                                                                              tmp_path):
    tab = scripted
    settings.DISCUSSION_HOLD_FIRST_GUEST_COMMENT = True
    article = article_factory(body=LONG_BODY)
    open_article(tab, live_server, article)

    tab.get_by_label("Join the discussion").fill("Please tell me when someone answers")
    tab.get_by_label("Name").fill("Sami")
    tab.locator("#id_email").fill("sami@example.org")
    tab.get_by_label("New replies to my comments").check()
    tab.get_by_role("button", name="Post comment").click()

    # The post's outcome sits right after the button that sent it, announced, and on screen.
    held = tab.locator("#comment-form button[type=submit]:not([formaction]) + [role=status]")
    held.wait_for()
    assert "review" in held.inner_text()
    tab.wait_for_function(ON_SCREEN, arg=held.element_handle())
    # What became of "Notify me of" is said inside it, not at the top of the page, and it shows
    # the guest waiting for their confirmation.
    said = tab.locator("[data-notify] [role=status]", has_text="Almost done")
    said.wait_for()
    assert tab.locator("#follow [data-notify-following]").inner_text() == "Waiting for you to confirm by email"
    assert tab.locator("#comments > [role=status], #comment-form ~ [role=status]").count() == 0
    assert tab.locator("#comment-form").evaluate("f => !f.previousElementSibling.matches('[role=status]')")
    # The form is ready for another comment.
    assert tab.get_by_label("Join the discussion").input_value() == ""
    shoot(tab, "post-held-js", tmp_path)
