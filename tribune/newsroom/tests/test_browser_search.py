"""A reader searches the site from the masthead and gets the best matches first."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_finds_articles_by_their_words(live_server, page):
    from tribune.newsroom.tests.factories import article_factory

    article_factory(headline="Farmers count the cost", body="The harvest is late: drought.")
    article_factory(headline="Drought reaches the coast", body="Wells are dry and the drought goes on.")
    article_factory(headline="Cup final tonight", body="Nothing to do with the weather.")

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    box = page.get_by_role("searchbox", name="Search articles")
    box.fill("drought")
    box.press("Enter")
    page.wait_for_url("**/search/?q=drought")

    assert page.get_by_role("status").inner_text() == "2 articles match “drought”."
    results = page.locator(".article-card__headline").all_inner_texts()
    assert results == ["Drought reaches the coast", "Farmers count the cost"]
    assert page.get_by_role("searchbox", name="Search articles").input_value() == "drought"

    page.get_by_role("link", name="Drought reaches the coast").click()
    assert page.locator("h1").inner_text() == "Drought reaches the coast"


def test_a_search_with_no_match_says_so(live_server, page):
    page.goto(live_server.url + "/search/?q=%22unbalanced+AND+(")
    assert page.get_by_role("status").inner_text() == "0 articles match “\"unbalanced AND (”."
