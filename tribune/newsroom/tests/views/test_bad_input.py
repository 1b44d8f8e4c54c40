"""Odd addresses and parameters get a page or a 4xx, never a server error."""

import pytest

pytestmark = pytest.mark.django_db

URLS = [
    "/?page=-1", "/?page=99999", "/?page=1e9", "/?page=%00",
    "/sections/x/?page=abc", "/tags/%F0%9F%92%A9/", "/authors/a/rss/",
    "/preview/%00/", "/preview/" + "x" * 5000 + "/",
    "/search/?q=%00", "/search/?q=a%00b", "/preview/a%00b/", "/search/?q=" + "a%20" * 3000,
    "/search/?q=x&page=-5", "/search/?q[]=x",
    "/feeds/rss/?page=2", "/sections/nope/atom/", "/tags/nope/rss/",
    "/sitemap.xml?p=abc", "/sitemap.xml?p=999",
    "/articles/no-such/", "/articles/%2e%2e/",
]


@pytest.mark.parametrize("url", URLS)
def test_odd_urls_never_fail(client, url):
    assert client.get(url).status_code < 500


@pytest.mark.parametrize("query", ["sort=%3Cscript%3E", "reply=abc", "reply=-1", "comments=all&sort=oldest",
                                   "x=" + "y" * 2000, "page=%00"])
def test_odd_parameters_on_an_article_never_fail(client, demo, query):
    response = client.get(f"{demo.get_absolute_url()}?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</head>", 1)[1].replace(
        '<script src="', "")


def test_writing_to_a_page_is_refused(client, demo):
    assert client.post(demo.get_absolute_url()).status_code == 405
    assert client.post("/search/", {"q": "x"}).status_code == 405
