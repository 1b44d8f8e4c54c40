"""A reader meets the site's errors in Chromium: a link to an article not yet published, a
mistyped address, a page they may not see, a failure; each looks like the site and leads on."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tribune.core.tests.screens import shoot
from tribune.discussion.comments.tests.factories import article_factory, user_factory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]





def expect_site_layout(page, heading):
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator(".masthead__name")).to_have_text("The Valley Courier")
    expect(page.locator(".masthead__nav").get_by_role("link", name="Latest")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en-us"
    assert page.title() == f"{heading} – The Valley Courier"


def test_reader_meets_errors_that_look_like_the_site(live_server, page, tmp_path, settings):
    settings.SITE_NAME = "The Valley Courier"
    article_factory(headline="Bridge reopens after repairs")
    scheduled = article_factory(headline="Embargoed budget figures", publish_at=timezone.now() + timedelta(days=1))

    # A link shared too early: the page is a normal "not found", with nothing of the article.
    response = page.goto(live_server.url + scheduled.get_absolute_url())
    assert response.status == 404
    expect_site_layout(page, "Page not found")
    expect(page.locator("body")).not_to_contain_text("Embargoed")
    # The icon the page links is served.
    icon = page.request.get(live_server.url + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/vnd.microsoft.icon"
    shoot(page, "error-404", tmp_path)

    # The way on: search from the error page.
    page.get_by_label("Search articles").fill("bridge")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".article-list")).to_contain_text("Bridge reopens after repairs")

    # Back to the error, then to the latest articles.
    page.goto(live_server.url + "/no-such-page/")
    page.get_by_role("link", name="Go to the latest articles").click()
    expect(page.locator("body")).to_contain_text("Bridge reopens after repairs")

    # Staff without the ledger's permission: "Not allowed", in the site's layout.
    client = Client()
    client.force_login(user_factory(is_staff=True))
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
    assert page.goto(live_server.url + "/support/ledger.csv").status == 403
    expect_site_layout(page, "Not allowed")
    page.context.clear_cookies()

    # A bug: "Something went wrong", still the site.
    settings.ROOT_URLCONF = "tribune.core.tests.failing_urls"
    assert page.goto(live_server.url + "/failing/").status == 500
    expect_site_layout(page, "Something went wrong")
    shoot(page, "error-500", tmp_path)
