"""Other sites' pages, in Chromium: they cannot post through their visitors' browsers, and the
sites allowed to embed the discussion can, from their own pages, with the guest's key.

The other sites' pages are served by Playwright at their own addresses; what they send goes to
the live server, with the Origin and Sec-Fetch-Site headers Chromium itself sets.
"""

import json

import pytest

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.tests.factories import thread_factory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVIL = "http://evil.example"
# In production both sites are on the internet. Here the live server is on this machine, which
# Chromium lets other sites' scripts reach only from this machine too and with the visitor's
# leave: these sites sit on loopback addresses, each an origin of its own, and the test grants it.
BLOG = "http://127.0.0.2:8081"
NEIGHBOUR = "http://127.0.0.3:8081"


def serve(page, origin, html):
    """Answer every request for `origin` with `html`, as that site would."""
    page.route(f"{origin}/**", lambda route: route.fulfill(status=200, content_type="text/html", body=html))


def test_another_sites_form_cannot_post_a_comment_through_its_visitors_browser(live_server, page):
    thread = thread_factory()
    api = f"{live_server.url}/api/v1/threads/{thread.pk}/comments"
    # A text/plain form is the one way a page can send a JSON-looking body anywhere without asking:
    # name + "=" + value makes {"body": "Cheap watches", "x": "="}.
    serve(page, EVIL, f"""<!doctype html><title>Win a prize</title>
        <form method="post" enctype="text/plain" action="{api}">
          <input type="hidden" name='{{"body": "Cheap watches", "x": "' value='"}}'>
          <button>Claim your prize</button>
        </form>""")
    page.goto(f"{EVIL}/prize")
    with page.expect_response(lambda response: response.url == api) as answer:
        page.get_by_role("button", name="Claim your prize").click()
    assert answer.value.status == 403
    assert json.loads(answer.value.body())["code"] == "cross_site_refused"
    assert Comment.objects.count() == 0


def test_an_allowed_site_posts_and_edits_with_the_guests_key_and_others_cannot_read(live_server, page,
                                                                                    settings):
    settings.DISCUSSION_EMBED_HOSTS = [BLOG]
    thread = thread_factory()
    api = f"{live_server.url}/api/v1"
    script = """async ([api, threadId]) => {
        const json = {"Content-Type": "application/json"};
        const posted = await fetch(`${api}/threads/${threadId}/comments`,
            {method: "POST", headers: json, body: JSON.stringify({body: "From the blog"})});
        const created = await posted.json();
        const edited = await fetch(`${api}/comments/${created.comment.id}`, {method: "PATCH",
            headers: {...json, "X-Guest-Key": created.guest_key}, body: JSON.stringify({body: "Edited"})});
        return [posted.status, edited.status, (await edited.json()).body_html];
    }"""
    serve(page, BLOG, "<!doctype html><title>The blog</title><p>A post.</p>")
    page.context.grant_permissions(["local-network-access"])
    page.goto(f"{BLOG}/post")
    posted, edited, body_html = page.evaluate(script, [api, thread.pk])
    assert (posted, edited) == (201, 200) and "Edited" in body_html
    assert Comment.objects.get().body == "Edited"

    # The same script on a site that is not listed: the browser may not even send the write.
    serve(page, NEIGHBOUR, "<!doctype html><title>Elsewhere</title>")
    page.goto(f"{NEIGHBOUR}/post")
    outcome = page.evaluate(f"""async () => {{
        try {{ await ({script})(["{api}", {thread.pk}]); return "read"; }}
        catch (error) {{ return "refused"; }}
    }}""")
    assert outcome == "refused"
    assert Comment.objects.count() == 1
