"""A newcomer tries a journey end to end on `tribune demo`: follows a thread, reads the email in
the demo's outbox, and confirms from its link; every page under the strict policy."""

import pytest

from tribune.core.tests.test_browser_content_security_policy import CSP_LISTENER, violations_read
from tribune.operations.tests.helpers import free_port, http, site_env, start, stop, wait_until

pytestmark = pytest.mark.browser


def test_a_newcomer_follows_a_thread_and_confirms_from_the_demos_outbox(chromium, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    demo = start("demo", "--port", str(port), env=site_env(tmp_path))
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        http(f"{base}/healthz", timeout=120)
        page.goto(f"{base}/")
        page.locator(".article-card__headline a").first.click()
        page.fill("#id_email", "ada@example.org")
        page.get_by_label("New follow-up comments").check()
        page.get_by_role("button", name="Follow without commenting").click()
        # Said beside "Notify me of", where the reader followed.
        page.locator("#follow [role=status]", has_text="Almost done").wait_for()

        # The demo's worker sends the confirmation request into the outbox.
        wait_until(lambda: list((tmp_path / "outbox").glob("*.eml")), what="the confirmation email")
        page.goto(f"{base}/demo/outbox/")
        assert violations_read(page) == []
        page.locator(".outbox__subject").first.click()
        page.locator(".outbox__body").wait_for()
        headers = page.locator(".outbox__headers").inner_text()
        assert "ada@example.org" in headers
        # From the demo's name, not "Tribune".
        assert "SouthFront <noreply@localhost>" in headers
        assert violations_read(page) == []
        confirm = page.locator(".outbox__body a[href*='/confirm/']").first
        # The demo's emails lead back to the demo, on its own port.
        assert confirm.get_attribute("href").startswith(f"{base}/discussion/subscriptions/confirm/")
        confirm.click()
        page.get_by_role("button", name="Yes, send me these emails").click()
        page.wait_for_load_state()
        assert "Your subscriptions" in page.locator("h1").inner_text()
        assert "Thank you" in page.locator(".messages").inner_text()
    finally:
        context.close()
        stop(demo)
