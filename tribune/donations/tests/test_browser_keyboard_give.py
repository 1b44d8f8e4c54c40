"""A donor gives with the keyboard alone, seeing the focus at every step."""

import pytest
from django.test import override_settings

from tribune.core.tests.keyboard import focus_is_on, tab_to
from tribune.demo.load import demo_load
from tribune.donations.models import LedgerEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(PAYMENTS_TEST_MODE=True)
@pytest.mark.parametrize("width", [360, 1440])
def test_a_donor_gives_with_the_keyboard_alone(live_server, chromium, width):
    demo_load()
    context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(live_server.url + "/support/support-southfront/")
    tab.locator(".donate-form").wait_for()

    # The amounts are one group of radio buttons: Tab reaches it, the arrows choose.
    tab_to(tab, "input[name=amount]")
    tab.keyboard.press("ArrowRight")
    chosen = tab.evaluate("document.activeElement.value")
    assert tab.locator(f"input[name=amount][value='{chosen}']").is_checked()
    tab_to(tab, "#id_email")
    tab.keyboard.type("reader@example.org")
    tab_to(tab, "#id_donor_name")
    tab.keyboard.type("Ana")
    tab_to(tab, "button[type=submit]")
    tab.keyboard.press("Enter")

    tab.get_by_role("heading", name="Complete the test payment").wait_for()
    tab_to(tab, "button.button--give")
    tab.keyboard.press("Enter")
    tab.get_by_role("heading", name="Thank you").wait_for()
    assert LedgerEntry.objects.get(donation__donor_name="Ana").amount_minor == int(chosen)
    context.close()


@override_settings(PAYMENTS_TEST_MODE=True)
def test_a_mistake_on_the_form_puts_the_focus_where_it_can_be_fixed(live_server, chromium):
    demo_load()
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(live_server.url + "/support/support-southfront/")
    tab.locator(".donate-form").wait_for()
    tab_to(tab, "button[type=submit]")
    tab.keyboard.press("Enter")  # no email given
    tab.locator("#email-error").wait_for()
    # The reader lands on the errors or on the first field to fix, never at the top of the page.
    tab.wait_for_function("() => document.activeElement && document.activeElement !== document.body")
    focus_is_on(tab, "#id_email")
    context.close()
