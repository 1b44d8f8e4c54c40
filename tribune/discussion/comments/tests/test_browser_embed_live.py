"""The widget and the real live server together: on a blog's page, a comment one reader posts
reaches another reader's open widget without a reload, waiting behind "1 new comment"."""

import pytest

from tribune.discussion.comments.tests.live_helpers import LiveStream
from tribune.discussion.comments.tests.test_browser_embed import (
    HostSite,
    host_page,
    reader_tab,
    someone_elses_comment,
    widget,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def blog(live_server, settings):
    site = HostSite()
    settings.DISCUSSION_EMBED_HOSTS = [site.origin]
    stream = LiveStream(site_url=live_server.url, embed_hosts=(site.origin,)).start()
    settings.DISCUSSION_LIVE_URL = stream.url
    yield site, stream
    stream.stop()
    site.close()


def test_a_comment_posted_in_one_widget_arrives_live_in_another(chromium, live_server, blog):
    site, stream = blog
    tribune = live_server.url.rstrip("/")
    url = f"{site.origin}/posts/bridge"
    someone_elses_comment(url)
    site.pages["/posts/bridge"] = host_page(tribune)

    reading = reader_tab(chromium)
    reading.goto(url)
    watched = widget(reading)
    # The widget holds the stream open before anything is posted.
    if not any("/live/threads/" in r.url for r in reading.requests):
        reading.wait_for_event("request", lambda r: "/live/threads/" in r.url)

    writing = reader_tab(chromium)
    writing.goto(url)
    section = widget(writing)
    section.locator("textarea").fill("Seen from the other side of the river.")
    section.get_by_label("Name").fill("Noor")
    section.locator("button[type=submit]:not([formaction])").first.click()
    section.get_by_text("Seen from the other side of the river.").wait_for()

    button = watched.get_by_role("button", name="1 new comment")
    button.wait_for()
    assert watched.get_by_text("Seen from the other side of the river.").count() == 0
    button.click()
    watched.get_by_text("Seen from the other side of the river.").wait_for()
    # Nothing but the two origins was asked for.
    assert {r.url.split("/")[2] for r in reading.requests} <= {tribune.split("/")[2], site.origin.split("/")[2],
                                                              stream.origin.split("/")[2]}
    reading.context.close()
    writing.context.close()
