"""axe-core, run in Chromium, finds no serious or critical violation on any page type, on a phone
and a desktop, light and dark, in English and in Arabic (right to left)."""

import json
from pathlib import Path

import axe_playwright_python
import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from tribune.demo.load import demo_load
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.selectors import thread_for_article
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import registered_reader, user_factory
from tribune.discussion.notifications.services.subscriptions import subscription_create
from tribune.discussion.notifications.tokens import manage_path
from tribune.donations.models import Campaign, Donation
from tribune.donations.tests.factories import donation_factory
from tribune.donations.tokens import donation_token, manage_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text()
SIZES = [{"width": 360, "height": 740}, {"width": 1440, "height": 900}]
LANGUAGES = [("en-us", "English"), ("ar", "العربية")]


def site_pages(base: str) -> list[tuple[str, str, str]]:
    """Return (name, address, what to wait for) for each page type a reader or moderator sees."""
    article = demo_load().article
    thread = thread_for_article(article=article)
    comment_post(thread=thread, reader=Reader(guest_key="g" * 43), guest_name="سلمى",
                 body="مرحبا، شكرا على المقال")
    subscriber, _ = subscription_create(thread=thread, kinds=["thread"],
                                        reader=registered_reader(user_factory(email="ana@example.org")))
    campaign = Campaign.objects.get()
    donation = donation_factory(campaign=campaign, donor_name="Ana", frequency=Donation.Frequency.MONTHLY,
                                subscription_id="sub_1", monthly_status=Donation.MonthlyStatus.ACTIVE)
    return [
        ("front", "/", ".article-card"),
        ("section", article.section.get_absolute_url(), ".article-card"),
        ("article", article.get_absolute_url(), "[data-discussion][data-enhanced]"),
        ("search", "/search/?q=water", "main"),
        ("donation", campaign.get_absolute_url(), ".donate-form"),
        ("thanks", f"{campaign.get_absolute_url()}thanks/{donation_token(donation=donation)}/", "main h1"),
        ("manage gift", f"/support/manage/{manage_token(donation=donation)}/", "main h1"),
        ("subscriptions", manage_path(subscriber_id=subscriber.pk), ".subscriptions"),
        ("my data", "/discussion/my-data/", "main form"),
    ]


def serious_violations(tab) -> list[str]:
    tab.evaluate(AXE)
    results = tab.evaluate("""() => axe.run(document, {resultTypes: ["violations"]})""")
    return [f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")
            for node in v["nodes"][:3]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "ar"])
@override_settings(PAYMENTS_TEST_MODE=True, LANGUAGES=LANGUAGES)
def test_no_page_has_a_serious_accessibility_violation(live_server, chromium, language, scheme):
    base = live_server.url
    pages = site_pages(base)
    staff = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-" * 8)
    client = Client()
    client.force_login(staff)
    # axe is injected as a script of its own: the site's policy allows none, so the test lifts it.
    context = chromium.new_context(bypass_csp=True, color_scheme=scheme, locale=language,
                                   extra_http_headers={"Accept-Language": language})
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "url": base,
                          "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value}])
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    found = {}
    for size in SIZES:
        tab.set_viewport_size(size)
        for name, path, ready in [*pages, ("moderation queue", "/moderation/", ".moderation")]:
            response = tab.goto(base + path)
            assert response.status < 400, (name, response.status)
            tab.locator(ready).first.wait_for(state="attached")
            direction = tab.evaluate("document.documentElement.dir")
            assert direction == ("rtl" if language == "ar" else "ltr"), name
            seen = serious_violations(tab)
            if seen:
                found[f"{name} at {size['width']} px"] = seen
    context.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_the_check_sees_a_violation_planted_in_a_page(live_server, chromium):
    """The harness itself: were axe not run, or its answer misread, the test above would pass."""
    demo_load()
    context = chromium.new_context(bypass_csp=True)
    tab = context.new_page()
    tab.goto(live_server.url + "/")
    tab.locator(".article-card").first.wait_for()
    tab.evaluate("""() => document.querySelector("main").insertAdjacentHTML("afterbegin",
        '<p style="color:#777;background:#888">Hard to read</p><button></button>')""")
    seen = serious_violations(tab)
    context.close()
    assert any(line.startswith("color-contrast (serious)") for line in seen), seen
    assert any(line.startswith("button-name (critical)") for line in seen), seen
