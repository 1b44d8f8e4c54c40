"""Each journey of a monthly donor, in Chromium, at a phone's width and a desktop's, through the
test payment provider: give monthly, change the amount, skip a month, cancel, fix a failed card.
The manage page is reached from the thank-you page's link, as from a receipt's, with no account."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [360, 1440]


# Runs in every document before its own scripts: each Content-Security-Policy violation.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective), true);
"""


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def tab(request, chromium):
    context = chromium.new_context(viewport={"width": request.param, "height": 900})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.width = request.param
    yield page
    context.close()


def fits(tab) -> None:
    """The page holds at the tab's width, nothing sticking out sideways, and runs under the site's
    Content-Security-Policy without a violation."""
    assert tab.evaluate("document.documentElement.scrollWidth") <= tab.width
    assert tab.evaluate("() => window.__csp") == []


def status(tab) -> str:
    return tab.locator(".manage__status").inner_text()


def history(tab) -> list[str]:
    return [" ".join(line.split()) for line in tab.locator(".history__item").all_inner_texts()]


def give_monthly(tab, live_server) -> None:
    """Give 25 $ a month through the test checkout and open the page that manages the gift."""
    from tribune.demo.load import demo_load

    demo_load()
    tab.goto(live_server.url + "/support/support-southfront/")
    tab.get_by_label("Monthly", exact=True).check()
    tab.get_by_label("Email for your receipt").fill("amal@example.org")
    tab.get_by_label("Your name").fill("Amal")
    tab.get_by_role("button", name="Continue to the test payment").click()
    tab.get_by_role("button", name="Pay 25 $ (test)").click()
    tab.get_by_role("heading", name="Thank you, Amal").wait_for()
    fits(tab)
    tab.get_by_role("link", name="Manage your monthly gift").click()
    tab.get_by_role("heading", name="Your monthly gift").wait_for()
    fits(tab)


def test_give_monthly(live_server, tab):
    from tribune.donations.models import Donation, LedgerEntry

    give_monthly(tab, live_server)
    assert status(tab) == "Active"
    assert tab.get_by_text("Test mode", exact=True).is_visible()
    assert "25 $ a month" in " ".join(tab.locator(".summary__amount").inner_text().split())
    assert tab.locator(".summary dt", has_text="Next payment").is_visible()
    assert history(tab)[0].endswith("Gift received 25 $ (test)")
    donation = Donation.objects.get()
    assert (donation.frequency, donation.monthly_status) == ("monthly", "active")
    assert LedgerEntry.objects.filter(donation=donation, is_test=True).count() == 1


def test_change_the_amount(live_server, tab):
    give_monthly(tab, live_server)
    tab.get_by_label("New monthly amount").fill("0.10")
    tab.get_by_role("button", name="Change the amount").click()
    assert tab.get_by_role("alert").filter(has_text="The smallest gift is 1 $.").is_visible()
    tab.get_by_label("New monthly amount").fill("40")
    tab.get_by_role("button", name="Change the amount").click()
    assert tab.get_by_text("Done: your monthly gift is now 40 $, from the next payment on.").is_visible()
    assert "40 $ a month" in " ".join(tab.locator(".summary__amount").inner_text().split())
    assert sum("Amount changed from 25 $ to 40 $" in line for line in history(tab)) == 1
    tab.get_by_role("button", name="Simulate the next payment").click()
    assert history(tab)[0].endswith("Monthly payment received 40 $ (test)")
    fits(tab)


def test_skip_a_month(live_server, tab):
    from tribune.donations.models import LedgerEntry

    give_monthly(tab, live_server)
    tab.get_by_role("button", name="Skip the next payment").click()
    assert tab.get_by_text("Done: your next monthly payment is skipped.").is_visible()
    skip = tab.get_by_role("region", name="Skip a month")
    assert skip.get_by_text("is skipped. The one after is taken as usual.").is_visible()
    assert tab.get_by_role("button", name="Skip the next payment").count() == 0
    # The skipped month comes: nothing is taken; the month after, the gift goes on.
    tab.get_by_role("button", name="Simulate the next payment").click()
    assert LedgerEntry.objects.filter(kind="renewal").count() == 0
    assert tab.get_by_role("button", name="Skip the next payment").is_visible()
    tab.get_by_role("button", name="Simulate the next payment").click()
    assert LedgerEntry.objects.filter(kind="renewal").count() == 1
    assert sum(line.find("Next payment skipped") >= 0 for line in history(tab)) == 1
    fits(tab)


def test_cancel(live_server, tab):
    give_monthly(tab, live_server)
    tab.get_by_text("Cancel my monthly gift…").click()
    tab.get_by_role("button", name="Cancel my monthly gift").click()
    assert tab.get_by_text("Done: your monthly gift is cancelled.").is_visible()
    assert status(tab) == "Cancelled"
    assert tab.get_by_text("This monthly gift is cancelled: nothing more is taken.").is_visible()
    for gone in ("Change the amount", "Skip the next payment", "Simulate the next payment"):
        assert tab.get_by_role("button", name=gone).count() == 0
    assert sum("Monthly gift cancelled" in line for line in history(tab)) == 1
    fits(tab)


def test_fix_a_failed_card(live_server, tab):
    from tribune.donations.models import Donation

    give_monthly(tab, live_server)
    tab.get_by_role("button", name="Simulate a failed payment").click()
    assert status(tab) == "Payment failing"
    failure = tab.get_by_role("region", name="Your last payment failed")
    assert failure.get_by_text("We could not take 25 $").is_visible()
    fits(tab)
    failure.get_by_role("button", name="Update your card").click()
    tab.get_by_role("heading", name="Update your card (test)").wait_for()
    fits(tab)
    tab.get_by_role("button", name="Save the new card (test)").click()
    assert tab.get_by_text("Test: your new card is saved, and a failed payment was taken with it.").is_visible()
    assert status(tab) == "Active"
    assert tab.get_by_role("region", name="Your last payment failed").count() == 0
    lines = history(tab)
    assert sum("Payment of 25 $ failed" in line for line in lines) == 1
    assert lines[0].endswith("Monthly payment received 25 $ (test)")
    assert Donation.objects.get().monthly_status == "active"
    fits(tab)
