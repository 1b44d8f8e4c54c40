"""Errors look like the site: its header, language, navigation and a way on; nothing leaks."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from tribune.discussion.comments.tests.factories import article_factory, user_factory

pytestmark = pytest.mark.django_db


def assert_site_page(html: str, *, title: str, lang: str = "en-us", name: str = "The Valley Courier"):
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert f"<title>{title} – {name}</title>" in html
    assert 'class="masthead__name"' in html and name in html
    assert 'aria-label="Main"' in html and 'role="search"' in html
    assert "Go to the latest articles" in html


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_NAME = "The Valley Courier"


def test_an_unknown_address_is_the_sites_own_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_site_page(response.content.decode(), title="Page not found")


def test_a_scheduled_article_before_its_time_is_a_normal_404_that_leaks_nothing(client):
    article = article_factory(headline="Election result embargoed", status="published",
                              publish_at=timezone.now() + timedelta(hours=3))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    html = response.content.decode()
    assert_site_page(html, title="Page not found")
    assert "embargoed" not in html.lower()
    # The same page as any address that never existed, but for the address itself.
    unknown = client.get(article.get_absolute_url().rstrip("/") + "-never/").content.decode()
    assert html.replace(article.get_absolute_url(), "") == unknown.replace(
        article.get_absolute_url().rstrip("/") + "-never/", "")


def test_the_404_page_is_in_the_sites_language(client, settings):
    settings.LANGUAGE_CODE = "en-gb"
    assert '<html lang="en-gb" dir="ltr">' in client.get("/no-such-page/").content.decode()


def test_a_forbidden_page_is_the_sites_own_403_page(client):
    client.force_login(user_factory(is_staff=True))  # staff, without the ledger's permission
    response = client.get("/support/ledger.csv")
    assert response.status_code == 403
    assert_site_page(response.content.decode(), title="Not allowed")


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tribune.core.tests.failing_urls"
    return Client(raise_request_exception=False)


def test_a_failure_is_the_sites_own_500_page(failing_site):
    response = failing_site.get("/failing/")
    assert response.status_code == 500
    assert_site_page(response.content.decode(), title="Something went wrong")


def test_a_500_page_that_cannot_be_rendered_still_answers_with_the_sites_name(failing_site):
    with mock.patch("tribune.core.views.render", side_effect=RuntimeError("the database is down")):
        response = failing_site.get("/failing/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Something went wrong – The Valley Courier</title>" in html


def test_a_request_for_another_host_is_the_sites_own_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert_site_page(response.content.decode(), title="Bad request")


def test_the_site_serves_its_icon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/vnd.microsoft.icon"
    assert b"".join(icon.streaming_content if icon.streaming else [icon.content])[:4] == b"\x00\x00\x01\x00"
    page = client.get("/no-such-page/").content.decode()
    assert 'rel="icon" href="/favicon.ico"' in page
