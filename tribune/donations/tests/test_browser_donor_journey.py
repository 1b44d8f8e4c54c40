"""A donor's journey in Chromium: the preset buttons follow the amount they type, the thank-you
page says whether the gift is monthly and how to change it, and the receipt says the same in its
HTML and its plain text."""


import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from tribune.core.tests.screens import shoot
from tribune.discussion.comments.tests.factories import user_factory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]





def checked_presets(page) -> list[str]:
    return page.locator('input[name="amount"]:checked').evaluate_all("(boxes) => boxes.map((b) => b.value)")


def test_donor_types_an_amount_gives_monthly_and_reads_how_to_change_it(live_server, chromium, tmp_path,
                                                                         mailoutbox):
    from tribune.demo.load import demo_load

    demo_load()
    donor = user_factory("Amal Donor", email="amal@example.org")
    client = Client()
    client.force_login(donor)
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/support/support-southfront/")
    assert checked_presets(page) == ["2500"]  # the default preset

    # Typing another amount clears the preset: no button claims 25 $ while the gift is 37 $.
    custom = page.get_by_label("Or another amount")
    custom.fill("37")
    assert checked_presets(page) == []
    # Typing a preset's amount selects its button.
    custom.fill("50.00")
    assert checked_presets(page) == ["5000"]
    custom.fill("1,000")
    assert checked_presets(page) == []
    # Choosing a preset empties the typed amount.
    page.locator("label.choice", has_text="10 $").click()
    expect(custom).to_have_value("")
    assert checked_presets(page) == ["1000"]
    custom.fill("37")
    assert checked_presets(page) == []
    shoot(page, "donate-typed-amount", tmp_path)

    page.get_by_label("Monthly", exact=True).check()
    page.get_by_label("Email for your receipt").fill("amal@example.org")
    page.get_by_label("Your name").fill("Amal")
    page.get_by_role("button", name="Continue to the test payment").click()
    page.get_by_role("button", name="Pay 37 $ (test)").click()

    expect(page.get_by_role("heading", name="Thank you, Amal")).to_be_visible()
    expect(page.locator(".article__standfirst")).to_contain_text("Your monthly gift of 37 $ has been received.")
    expect(page.locator(".thanks-frequency")).to_have_text(
        "It is a monthly gift: 37 $ is given again each month until you change or cancel it.")
    expect(page.get_by_text("You can change the amount, skip a month or cancel at any time")).to_be_visible()
    expect(page.get_by_role("link", name="Manage your monthly gift")).to_be_visible()
    shoot(page, "donate-thanks-monthly", tmp_path)

    # The receipt, to the donor's own account address: HTML with a plain-text part, both saying so.
    [receipt] = [m for m in mailoutbox if "Thank you for supporting" in m.subject]
    assert receipt.to == ["amal@example.org"]
    text = receipt.body
    [(html, mimetype)] = receipt.alternatives
    assert mimetype == "text/html"
    for part in (text, html):
        assert "It is a monthly gift: it renews every month until you change or cancel it." in part
        assert "Change the amount, skip a month, update your card or cancel, without an account" in part
        assert "/support/manage/" in part
    assert "<html" in html and "<html" not in text
    page.set_content(html)
    expect(page.get_by_role("link", name="Manage your monthly gift")).to_be_visible()

    # A one-time gift says it is one.
    page.goto(live_server.url + "/support/support-southfront/")
    page.locator("label.choice", has_text="10 $").click()
    page.get_by_label("Email for your receipt").fill("amal@example.org")
    page.get_by_role("button", name="Continue to the test payment").click()
    page.get_by_role("button", name="Pay 10 $ (test)").click()
    expect(page.locator(".thanks-frequency")).to_have_text("It is a one-time gift: nothing more will be charged.")
    expect(page.get_by_role("link", name="Manage your monthly gift")).to_have_count(0)
    once = [m for m in mailoutbox if "Thank you for supporting" in m.subject][-1]
    assert "It was a one-time gift: nothing more will be charged." in once.body
    assert "It was a one-time gift: nothing more will be charged." in once.alternatives[0][0]
    context.close()
