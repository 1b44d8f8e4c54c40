"""A reader opens the full-size image: in a lightbox with JavaScript, as a plain link without."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_full_size_image_opens_in_a_lightbox_that_esc_closes(live_server, page):
    from tribune.demo.load import demo_load

    article = demo_load().article
    page.goto(live_server.url + article.get_absolute_url())
    link = page.get_by_role("link", name="Click to see full-size image")
    link.focus()
    page.keyboard.press("Enter")

    dialog = page.get_by_role("dialog", name="Full-size image")
    assert dialog.is_visible()
    assert page.url.endswith(article.get_absolute_url())
    image = dialog.locator("img")
    image.evaluate("img => img.complete || new Promise(ok => img.onload = ok)")
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1600, 900]
    assert image.get_attribute("src").endswith(".jpg")
    assert image.get_attribute("alt") == "Mountain ridges of Eastern Qalamun at dusk"
    # Focus moves into the dialog, onto its Close button.
    assert page.evaluate("document.activeElement.textContent") == "Close"

    page.keyboard.press("Escape")
    assert dialog.is_hidden()
    assert page.evaluate("document.activeElement.className") == "lead-image__full"

    link.click()
    assert dialog.is_visible()
    dialog.get_by_role("button", name="Close").click()
    assert dialog.is_hidden()
    assert page.evaluate("document.activeElement.className") == "lead-image__full"


def test_without_javascript_the_link_opens_the_original(live_server, chromium):
    from tribune.demo.load import demo_load

    article = demo_load().article
    context = chromium.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_server.url + article.get_absolute_url())
    tab.get_by_role("link", name="Click to see full-size image").click()
    tab.wait_for_load_state()
    assert tab.url.endswith(".jpg")
    assert tab.evaluate("document.contentType") == "image/jpeg"
    context.close()


def test_the_lead_image_loads_a_rendition_not_the_original(live_server, page):
    from tribune.demo.load import demo_load

    article = demo_load().article
    page.goto(live_server.url + article.get_absolute_url())
    lead = page.locator(".lead-image__frame img")
    lead.evaluate("img => img.complete || new Promise(ok => img.onload = ok)")
    current = lead.evaluate("img => img.currentSrc")
    assert "/renditions/" in current and current.endswith(".webp")
    # At a phone's width the browser picks a narrow rendition.
    assert lead.evaluate("img => img.naturalWidth") < 1600
