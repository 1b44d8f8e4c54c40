"""The article page's script in Chromium: everything it does in place goes through /api/v1/,
under the page's Content-Security-Policy, and the comments it draws (render.js) are the server's
own markup, as a reload shows them."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from tribune.core.tests.screens import shots_folder
from tribune.discussion.comments.anchoring import text_of_html
from tribune.discussion.comments.models import Anchor, Comment
from tribune.discussion.comments.services import (
    comment_delete,
    comment_post,
    thread_for_article_get_or_create,
    thread_touch,
)
from tribune.discussion.comments.services.anchors import anchor_create
from tribune.discussion.comments.tests.factories import (
    article_factory,
    guest_reader,
    registered_reader,
    user_factory,
)
from tribune.donations.services import supporter_mark_grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts: each Content-Security-Policy violation.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI || "-"} ${event.sourceFile}:${event.lineNumber}`);
}, true);
"""
LONG_PARAGRAPH = ("Engineers walked the length of the embankment at dawn, marking every crack in chalk, "
                  "while farmers who had lost the spring planting argued in the square about whether "
                  "the council had been warned, by whom, and how many times, before the water came over "
                  "the wall and into the lower town where the old mill still stands.")
# A comment's markup as the DOM holds it, compared as text: whitespace between tags and runs of
# spaces do not count, nor do the per-reader CSRF token and the focus the script gives a new comment.
NORMALIZED = """(items) => items.map((item) => {
    const copy = item.cloneNode(true);
    copy.removeAttribute("tabindex");
    copy.querySelectorAll("[name=csrfmiddlewaretoken]").forEach((field) => field.setAttribute("value", ""));
    return copy.outerHTML.replace(/\\s+/g, " ").replace(/>\\s+/g, ">").replace(/\\s+</g, "<");
})"""


def watched(chromium, width=1280):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


def violations(tab) -> list[str]:
    return tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => "
                        "setTimeout(() => done(window.__csp.splice(0)))))")


def open_article(tab, url):
    tab.goto(url)
    # inline.js adds the "About" choice once the section is enhanced.
    tab.locator("[data-discussion][data-enhanced] [data-passage-choice]").wait_for(state="attached")


def long_article():
    article = article_factory(body=f"The river rose overnight.\n\n{LONG_PARAGRAPH}\n\nResidents moved to higher ground.")
    thread = thread_for_article_get_or_create(article=article)
    text = text_of_html(article.body_html)
    start = text.index("The river rose")
    question = anchor_create(article=article, exact="The river rose", start=start, end=start + 14,
                             question="Who saw it first?", created_by=user_factory())
    start = text.index(LONG_PARAGRAPH)
    long_passage = anchor_create(article=article, exact=LONG_PARAGRAPH, start=start, end=start + len(LONG_PARAGRAPH))
    return article, thread, question, long_passage


def test_the_pages_script_asks_only_the_api_for_what_it_does_in_place(live_server, chromium):
    article, thread, question, _ = long_article()
    for n in range(22):
        comment_post(thread=thread, body=f"Comment number {n:02d}", reader=guest_reader(), guest_name=f"Writer {n}")
    comment_post(thread=thread, body="On the river", reader=guest_reader(), anchor_id=question.pk)
    other = Comment.objects.get(body="Comment number 21")
    tab = watched(chromium)
    open_article(tab, live_server.url + article.get_absolute_url())
    asked = []
    tab.on("request", lambda request: asked.append(
        (request.resource_type, request.method, urlsplit(request.url).path, urlsplit(request.url).query)))

    # Post with "Notify me of", reply, vote.
    tab.get_by_label("Join the discussion").fill("Posted **in place**")
    tab.get_by_label("Name").fill("Sami")
    tab.locator("#id_email").fill("sami@example.org")
    tab.get_by_label("New replies to my comments").check()
    tab.get_by_role("button", name="Post comment").click()
    tab.locator(".comment", has_text="Posted in place").wait_for()
    tab.get_by_text("Almost done").wait_for()
    tab.locator(f"#comment-{other.pk}").get_by_role("link", name="Reply").click()
    tab.locator(f"#comment-{other.pk} form.comment-form").get_by_label("Join the discussion").fill("A reply")
    tab.locator(f"#comment-{other.pk}").get_by_role("button", name="Post comment").click()
    tab.locator(".comment--depth-1", has_text="A reply").wait_for()
    tab.locator(f"#comment-{other.pk} .vote__button--up").click()
    tab.wait_for_function(f"() => document.querySelector('#comment-{other.pk} [data-upvotes]').textContent === '1'")
    # Sort, view all, filter, a passage's answers.
    tab.get_by_role("link", name="Oldest").click()
    tab.wait_for_function("() => document.querySelector('[data-comments] .comment').textContent.includes('number 00')")
    tab.get_by_role("link", name="View all comments").click()
    tab.wait_for_function("() => document.querySelectorAll('[data-comments] > .comment--depth-0').length === 24")
    tab.get_by_role("link", name="Inline Feedbacks").click()
    tab.wait_for_function("() => document.querySelectorAll('[data-comments] > .comment').length === 1")
    tab.locator(f"[data-passage-marker='{question.pk}']").click()
    answer = tab.get_by_role("region", name="Answers").locator(".comment", has_text="On the river")
    answer.wait_for()
    # The passage shows above its answers: they do not quote it again.
    assert answer.locator(".comment__quote").count() == 0
    # The prompt asks no more of a reader who has commented here (closing it: the test below).
    assert tab.locator("[data-prompt]").is_hidden()

    in_place = [(kind, method, path) for kind, method, path, _ in asked if kind in ("fetch", "xhr")]
    # No page was loaded again, and no form was sent the old way.
    elsewhere = [entry for entry in asked if entry[0] == "document" or entry[1] != "GET" and entry[0] not in ("fetch", "xhr")]
    assert elsewhere == []
    assert [path for _, _, path in in_place if not path.startswith("/api/v1/")] == []
    assert {(method, path) for _, method, path in in_place} >= {
        ("POST", f"/api/v1/threads/{thread.pk}/comments"),
        ("POST", f"/api/v1/threads/{thread.pk}/subscriptions"),
        ("POST", f"/api/v1/comments/{other.pk}/vote"),
        ("GET", f"/api/v1/threads/{thread.pk}/comments"),
        ("GET", f"/api/v1/threads/{thread.pk}/comments/all"),
        ("GET", f"/api/v1/threads/{thread.pk}/mine"),
    }
    assert violations(tab) == []
    tab.context.close()


def test_the_first_comment_of_an_article_goes_in_place_and_the_guest_finds_it_theirs_later(live_server, page):
    article = article_factory()
    page.goto(live_server.url + article.get_absolute_url())
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
    assert page.get_by_text("No comments yet.").is_visible()
    posted = []
    page.on("request", lambda request: request.method == "POST" and posted.append(urlsplit(request.url).path))
    page.get_by_label("Join the discussion").fill("First!")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".comment", has_text="First!").wait_for()
    assert posted == [f"/api/v1/articles/{article.pk}/comments"]
    assert page.get_by_text("No comments yet.").is_hidden()
    assert page.locator("#comments-title").inner_text() == "1 comment"
    assert page.get_by_role("link", name="Newest").is_visible()
    # The page's script never saw the guest's key: the browser keeps it in an HttpOnly cookie.
    assert page.evaluate("() => document.cookie").find("tribune_guest") == -1
    page.reload()
    mine = page.locator(".comment--mine", has_text="First!")
    assert mine.get_by_role("link", name="Delete").is_visible()
    assert mine.get_by_role("link", name="Report").count() == 0


def test_a_comment_drawn_by_the_script_is_the_servers_own_markup(live_server, chromium, tmp_path):
    article, thread, question, long_passage = long_article()
    member = registered_reader(user_factory("Mira Donor", email="mira@example.org"))
    supporter_mark_grant(email="mira@example.org", user=member.user)
    root = comment_post(thread=thread, body="A *member's* view\n\n> quoted", reader=member)
    parent = root
    for level in range(1, 6):
        parent = comment_post(thread=thread, body=f"Level {level}", reader=guest_reader(),
                              guest_name=f"Writer {level}" if level % 2 else "", parent_id=parent.pk)
    rue = guest_reader()
    regretted = comment_post(thread=thread, body="Regretted", reader=rue, guest_name="Rue")
    comment_post(thread=thread, body="Still here", reader=guest_reader(), guest_name="Sol", parent_id=regretted.pk)
    comment_delete(comment=regretted, reader=rue)
    comment_post(thread=thread, body="Answering the question", reader=guest_reader(), anchor_id=question.pk)
    on_long = comment_post(thread=thread, body="About that paragraph", reader=guest_reader(),
                           guest_name="Lou", anchor_id=long_passage.pk)
    orphan = comment_post(thread=thread, body="About words now gone", reader=guest_reader(), anchor_id=question.pk)
    Anchor.objects.filter(pk=question.pk).update(state="orphaned")
    Comment.objects.filter(pk=on_long.pk).update(edited_at=timezone.now(), moderator_note="Removed a link <b>x</b>",
                                                 created_at=timezone.now() - timedelta(days=400))
    # Cached answers and pages follow the rows changed behind the services' backs.
    thread_touch(thread=thread)
    assert orphan.pk

    tab = watched(chromium, width=1440)
    open_article(tab, live_server.url + article.get_absolute_url())
    tab.locator(f"#comment-{root.pk} .vote__button--down").click()
    tab.wait_for_function(f"() => document.querySelector('#comment-{root.pk} [data-downvotes]').textContent === '1'")
    tab.get_by_label("Join the discussion").fill("Mine, *in place*, with a [link](https://example.org)")
    tab.get_by_label("Name").fill("Sami & <Co>")
    tab.get_by_role("button", name="Post comment").click()
    posted = tab.locator(".comment--mine").first
    posted.wait_for()
    drawn = tab.evaluate(NORMALIZED, [posted.element_handle()])
    for width in (360, 1440):
        tab.set_viewport_size({"width": width, "height": 900})
        posted.scroll_into_view_if_needed()
        target = shots_folder(tmp_path) / f"posted-in-place-{width}.png"
        tab.screenshot(path=target)
        assert target.stat().st_size > 5_000
    # The whole list drawn in place from the API's answers, with this reader's vote and comment.
    tab.get_by_role("link", name="Oldest").click()
    tab.wait_for_function("() => document.querySelector('[data-sort=oldest]').getAttribute('aria-current') === 'true'")
    drawn_list = tab.locator("[data-comments] > li").evaluate_all(NORMALIZED)
    assert violations(tab) == []

    tab.reload()
    tab.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
    served_list = tab.locator("[data-comments] > li").evaluate_all(NORMALIZED)
    served = tab.locator(".comment--mine").first.evaluate_all(NORMALIZED)  # one element, as a list
    assert "?sort=oldest" in tab.url
    assert drawn == served[:1] and "comment--mine" in drawn[0] and "Sami &amp; &lt;Co&gt;" in drawn[0]
    assert len(drawn_list) == len(served_list) == 12
    assert drawn_list == served_list
    assert any("comment__mark--supporter" in item for item in served_list)
    assert any("comment__reply-to" in item for item in served_list)
    assert any("comment__quote--orphaned" in item for item in served_list)
    assert any("…”" in item and "comment__note" in item for item in served_list)
    tab.context.close()


def test_closing_the_prompt_is_remembered_without_asking_the_server(live_server, page):
    # Long enough that the form starts below the screen, where the prompt shows.
    article = article_factory(body="\n\n".join(f"Paragraph {n} of the report, which goes on. " * 4 for n in range(14)))
    page.goto(live_server.url + article.get_absolute_url())
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    page.locator("[data-prompt-close] button").click()
    assert page.locator("[data-prompt]").is_hidden()
    assert sent == []
    page.reload()
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
    assert page.locator("[data-prompt]").count() == 0
