"""A reader gives through the test payment provider in Chromium; the meter counts only real money."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def amount_shown(page) -> str:
    return " ".join(page.locator(".goal__amount").first.inner_text().replace("\u00a0", " ").split())


def test_reader_gives_with_the_test_provider_and_the_meter_counts_only_real_money(
    live_server, page, mailoutbox
):
    from tribune.demo.load import demo_load

    article = demo_load().article
    page.goto(live_server.url + article.get_absolute_url())
    assert amount_shown(page) == "3,048 $"

    page.get_by_role("link", name="Support SouthFront").first.click()
    assert page.get_by_role("heading", name="Make a gift").is_visible()
    assert page.get_by_text("Test mode", exact=True).first.is_visible()

    # A mistake first: an amount below the minimum is refused with a clear message.
    page.get_by_label("Or another amount").fill("0.20")
    page.get_by_label("Email for your receipt").fill("reader@example.org")
    page.get_by_role("button", name="Continue to the test payment").click()
    assert page.get_by_role("alert").filter(has_text="The smallest gift is 1 $.").is_visible()

    page.get_by_label("Or another amount").fill("52")
    page.get_by_label("Your name").fill("Amal")
    page.get_by_label("Show a “Supporter” mark beside my comments").check()
    page.get_by_role("button", name="Continue to the test payment").click()

    assert page.get_by_role("heading", name="Complete the test payment").is_visible()
    page.get_by_role("button", name="Pay 52 $ (test)").click()

    assert page.get_by_role("heading", name="Thank you, Amal").is_visible()
    assert page.get_by_text("A test gift sends no receipt by email and does not count towards the goal.").is_visible()
    assert page.get_by_text("A test gift earns no “Supporter” mark.").is_visible()
    assert amount_shown(page) == "3,048 $"

    page.goto(live_server.url + article.get_absolute_url())
    assert amount_shown(page) == "3,048 $"
    meter = page.get_by_role("meter")
    assert "3,048" in meter.get_attribute("aria-valuetext")
    # The address typed in the form proved nothing: no email went to it.
    assert mailoutbox == []


def test_cancelling_the_test_payment_records_nothing(live_server, page):
    from tribune.demo.load import demo_load
    from tribune.donations.models import LedgerEntry

    article = demo_load().article
    page.goto(live_server.url + "/support/support-southfront/")
    page.get_by_label("Email for your receipt").fill("reader@example.org")
    page.get_by_role("button", name="Continue to the test payment").click()
    page.get_by_role("link", name="Cancel").click()
    assert page.get_by_role("heading", name="Make a gift").is_visible()
    assert LedgerEntry.objects.count() == 1  # only the demo's opening entry
    page.goto(live_server.url + article.get_absolute_url())
    assert amount_shown(page) == "3,048 $"


@pytest.mark.parametrize("width", [360, 1440])
def test_donation_page_fits_the_screen_and_shows_keyboard_focus(live_server, chromium, width, tmp_path):
    from tribune.demo.load import demo_load

    demo_load()
    context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(live_server.url + "/support/support-southfront/")
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    chip = tab.get_by_label("50 $")
    chip.focus()
    tab.keyboard.press("ArrowRight")  # radios move with the arrow keys
    assert tab.get_by_label("100 $").is_checked()
    outline = tab.evaluate(
        "getComputedStyle(document.querySelector('input[name=amount]:focus + span')).outlineStyle"
    )
    assert outline == "solid"
    tab.screenshot(path=tmp_path / f"donate-{width}.png", full_page=True)
    context.close()
