"""Pages hold on a 360 px phone: nothing scrolls sideways, the prompt covers nothing it points to,
and the browser asks for nothing the site does not have (its icon included)."""

import pytest
from django.test import override_settings

from tribune.core.tests.screens import sideways
from tribune.demo.load import demo_load
from tribune.discussion.comments.selectors import thread_for_article
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
# A word no line can hold, as a hostile or careless commenter writes one.
LONG_WORD = "Aaaaargh" + "h" * 120


def phone_tab(chromium, **options):
    context = chromium.new_context(viewport=PHONE, **options)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


def open_article(tab, url: str) -> None:
    tab.goto(url)
    # inline.js adds the "About" choice to the form once the section is enhanced.
    tab.locator("[data-discussion][data-enhanced] [data-passage-choice]").wait_for()


def test_the_article_page_does_not_scroll_sideways_on_a_phone(live_server, chromium):
    article = demo_load().article
    comment_post(thread=thread_for_article(article=article), reader=guest_reader(),
                 guest_name="N" * 80, body=f"{LONG_WORD} and https://example.org/{'x' * 150}")
    tab = phone_tab(chromium)
    open_article(tab, live_server.url + article.get_absolute_url())
    assert sideways(tab) == 0
    for control in ["#passage-choice", "#id_body", "select[name=notify_cadence]", "#comment-form"]:
        box = tab.locator(control).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], control
    tab.context.close()


@override_settings(LANGUAGES=[("en-us", "English"), ("ar", "العربية")])
def test_a_right_to_left_page_does_not_scroll_sideways_on_a_phone(live_server, chromium):
    """What hides off the start edge in English (the spam trap) must hide off it in Arabic too."""
    article = demo_load().article
    tab = phone_tab(chromium, extra_http_headers={"Accept-Language": "ar"})
    open_article(tab, live_server.url + article.get_absolute_url())
    assert tab.evaluate("document.documentElement.dir") == "rtl"
    assert sideways(tab) == 0
    tab.context.close()


@pytest.mark.parametrize(("path", "ready"), [("/", ".article-card"),
                                             ("/support/support-southfront/", ".donate-form")])
@override_settings(PAYMENTS_TEST_MODE=True)  # the donation page with its form, as the demo shows it
def test_the_front_and_donation_pages_do_not_scroll_sideways_on_a_phone(live_server, chromium, path, ready):
    demo_load()
    tab = phone_tab(chromium)
    tab.goto(live_server.url + path)
    tab.locator(ready).wait_for()
    assert sideways(tab) == 0
    tab.context.close()


def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def settled(tab) -> None:
    """Return once the page has drawn twice and run what the drawing queued (intersection
    observers)."""
    tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => "
                 "requestAnimationFrame(() => setTimeout(done))))")


def in_view(box: dict | None) -> bool:
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_the_prompt_never_covers_the_comment_form_or_the_comments(live_server, chromium):
    article = demo_load().article
    tab = phone_tab(chromium)
    open_article(tab, live_server.url + article.get_absolute_url())
    prompt = tab.locator("[data-prompt]")
    # While the reader reads the article, it floats at the foot of the screen.
    tab.locator(".article__body p").nth(2).evaluate(
        "(node) => node.scrollIntoView({block: 'center', behavior: 'instant'})")
    settled(tab)
    assert in_view(prompt.bounding_box())
    covered = []
    # Bring each part to the bottom of the screen, where a floating prompt sits, then higher.
    targets = ["#id_body", "#passage-choice", "#comment-form > button[type=submit]", "#id_email",
               ".comment >> nth=0", ".comment >> nth=1", ".comment__actions >> nth=0"]
    for target in targets:
        for block in ("end", "center", "start"):
            tab.locator(target).evaluate(
                f"(node) => node.scrollIntoView({{block: '{block}', behavior: 'instant'}})")
            settled(tab)
            box = tab.locator(target).bounding_box()
            shown = prompt.bounding_box()
            if shown and overlap(box, shown):
                covered.append(f"{target} ({block})")
    assert covered == []
    # It still leads to the form.
    tab.evaluate("() => window.scrollTo({top: 0, behavior: 'instant'})")
    settled(tab)
    tab.get_by_text("Would love your thoughts, please comment.").click()
    tab.wait_for_function("() => document.activeElement && document.activeElement.id === 'id_body'")
    tab.context.close()


def test_the_front_page_asks_for_nothing_missing_not_even_an_icon(live_server, chromium):
    demo_load()
    tab = phone_tab(chromium)
    failed = []
    tab.on("response", lambda response: response.status >= 400
           and failed.append(f"{response.status} {response.url}"))
    # Chromium fetches the page's icon outside the page's own requests; it reports a miss here.
    tab.on("console", lambda message: message.type == "error" and failed.append(message.text))
    tab.goto(live_server.url + "/")
    tab.locator(".article-card").first.wait_for()
    icon = tab.evaluate("document.querySelector('link[rel=icon]')?.href")
    assert icon, "no icon linked"
    answer = tab.request.get(icon)
    assert answer.ok and answer.headers["content-type"].startswith("image/")
    legacy = tab.request.get(live_server.url + "/favicon.ico")
    assert legacy.ok and legacy.headers["content-type"].startswith("image/")
    assert tab.evaluate("1") == 1  # console messages sent before this have arrived
    assert failed == []
    tab.context.close()
