"""A reader uses "Notify me of" in Chromium: with the comment section's script running."""


import pytest

from tribune.core.tests.screens import shoot, shots_folder
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.services import comment_post
from tribune.discussion.notifications.models import Subscription
from tribune.discussion.notifications.tests.helpers import body_html, body_text, links

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]





def test_guest_follows_without_commenting_then_manages_from_the_email(
        live_server, page, smtp, tmp_path, article):
    page.goto(live_server.url + article.get_absolute_url())
    notify = page.locator("[data-notify]")
    notify.scroll_into_view_if_needed()
    assert notify.locator("legend").text_content() == "Notify me of"
    for width in (360, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        notify.scroll_into_view_if_needed()
        target = shots_folder(tmp_path) / f"notify-form-{width}.png"
        page.locator("#comment-form").screenshot(path=target)

    page.fill("#id_email", "ada@example.org")
    page.get_by_label("New follow-up comments").check()
    page.get_by_role("button", name="Follow without commenting").click()
    # Said in place, inside "Notify me of" (the page's script answers; no page is loaded).
    page.locator("#follow [role=status]", has_text="Almost done").wait_for()
    assert Subscription.objects.get().subscriber.email == "ada@example.org"

    [request] = smtp.wait_for(1)
    confirm = next(u for u in links(body_text(request)) if "/confirm/" in u)
    confirm = confirm.replace("http://testserver", live_server.url)
    page.set_content(body_html(request))
    shoot(page, "email-confirm", tmp_path, widths=(360,), fits=False)
    page.goto(confirm)
    shoot(page, "confirm", tmp_path, widths=(1440,), fits=False)
    page.get_by_role("button", name="Yes, send me these emails").click()
    page.wait_for_load_state()
    assert "Your subscriptions" in page.locator("h1").inner_text()
    assert "Thank you" in page.locator(".messages").inner_text()
    for width in (360, 1440):
        shoot(page, "manage", tmp_path, widths=(width,), fits=False)
    page.select_option("select[name=cadence]", "daily")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_load_state()
    assert Subscription.objects.get().cadence == "daily"
    page.select_option("select[name=cadence]", "each")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_load_state()

    # A new comment arrives by email; its one-click link leads to a one-button page.
    comment_post(thread=Subscription.objects.get().thread, body="The *river* is back, @everyone.",
                 reader=Reader(guest_key="g" * 43), guest_name="Cy")
    [_, note] = smtp.wait_for(2)
    page.set_content(body_html(note))
    for width in (360, 1440):
        shoot(page, "email-comment", tmp_path, widths=(width,), fits=False)
    unsubscribe = next(u for u in links(body_text(note)) if "/unsubscribe/" in u)
    page.goto(unsubscribe.replace("http://testserver", live_server.url))
    shoot(page, "unsubscribe", tmp_path, widths=(360,), fits=False)
    assert "Water returns to the valley" in page.locator(".subscriptions__card").inner_text()

    page.goto(confirm.replace("/confirm/", "/manage/"))
    assert "does not work" in page.locator("h1").inner_text()


def test_comment_sent_by_the_script_carries_the_notify_choice(live_server, page, smtp, article):
    page.goto(live_server.url + article.get_absolute_url())
    page.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
    page.fill("#id_body", "Count me in")
    page.get_by_label("New replies to my comments").check()
    # Emails need an address: the browser says so before anything is sent.
    sent = []
    page.on("request", lambda request: request.method == "POST" and sent.append(request.url))
    page.get_by_role("button", name="Post comment").click()
    assert page.evaluate("() => document.querySelector('#id_email').validationMessage") == \
        "Give your email address to get notifications."
    assert sent == []
    page.fill("#id_email", "bo@example.org")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".comment", has_text="Count me in").wait_for()
    page.get_by_role("status").filter(has_text="Almost done").wait_for()
    subscription = Subscription.objects.get()
    assert (subscription.kind, subscription.subscriber.email) == ("replies", "bo@example.org")
    # The article had no thread: the comment makes it, the subscription follows it.
    assert [url.removeprefix(live_server.url) for url in sent] == [
        f"/api/v1/articles/{article.pk}/comments", f"/api/v1/threads/{subscription.thread_id}/subscriptions"]
    smtp.wait_for(1)
