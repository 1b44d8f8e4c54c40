"""The embedded widget in Chromium, on a host page served by a second server of its own (another
origin, another port, another site for cookies: 127.0.0.1 beside the Tribune site's localhost).

What a reader of a blog does through the widget (post, reply, vote, edit), with third-party
cookies blocked as browsers do; what the widget costs (requests, globals) and never does (ask a
third party, let the host's styles in or its own out); how it reads to axe-core.
"""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from PIL import Image, ImageChops, ImageStat

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post, thread_for_url_get_or_create
from tribune.discussion.comments.tests.factories import guest_reader, registered_reader, user_factory
from tribune.donations.services import supporter_mark_grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")
# The stylesheet of a host that wants every element its own way.
HOSTILE = "* { all: revert; display: inline !important; font-size: 30px !important }"
# Runs first in the host page: the window's names before embed.js comes.
NAMES_BEFORE = "window.__names = Object.getOwnPropertyNames(window);"


class HostSite:
    """A second web server: the blog that embeds the discussion. `pages` maps a path to HTML;
    `streams` maps a path to the text of an event stream (served once, then held open)."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        self.streams: dict[str, str] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = urlsplit(self.path).path
                if path in site.streams:
                    return self._stream(site.streams[path])
                body = site.pages.get(path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write((body or "not here").encode())

            def _stream(self, text):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Access-Control-Allow-Origin", site.origin)
                self.end_headers()
                self.wfile.write(text.encode())
                self.wfile.flush()
                site.stop.wait(30)

            def log_message(self, *args):
                pass

        self.stop = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host(live_server, settings):
    site = HostSite()
    settings.DISCUSSION_EMBED_HOSTS = [site.origin]
    yield site
    site.close()


@pytest.fixture
def tribune(live_server):
    """The Tribune site's origin, as browsers write it."""
    return live_server.url.rstrip("/")


def host_page(tribune, *, title="Bridges of the valley", style="", body="", attributes=""):
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<title>{title}</title><script>{NAMES_BEFORE}</script>
<style>h2.host-title {{ font: 700 20px serif; color: rgb(10, 120, 10) }} {style}</style></head>
<body><main><h1>{title}</h1><p>The old bridge reopened on Tuesday.</p>
<h2 class="host-title">Below: what readers say</h2>{body}
<div data-tribune-thread {attributes}><noscript><a href="{tribune}/discussion/threads/by-url/">Read the comments</a></noscript></div>
</main><script src="{tribune}/embed.js" async></script></body></html>"""


def reader_tab(chromium, *, scheme="light", width=390):
    """A browser tab with third-party cookies blocked (Chromium's own control), recording every
    request it makes."""
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    cdp = context.new_cdp_session(tab)
    cdp.send("Network.enable")
    cdp.send("Network.setCookieControls", {"enableThirdPartyCookieRestriction": True})
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request))
    return tab


def widget(tab):
    """Wait until the widget has its first answer; return its host element."""
    tab.wait_for_selector("[data-tribune-thread][data-ready]", state="attached")
    return tab.locator("[data-tribune-thread]")


def someone_elses_comment(url, body="The first bridge was wooden.", name="Ada"):
    thread = thread_for_url_get_or_create(url=url, title="Bridges of the valley")
    return comment_post(thread=thread, body=body, reader=guest_reader(), guest_name=name)


def test_a_guest_on_another_site_posts_replies_votes_and_edits_with_third_party_cookies_blocked(
        chromium, host, tribune):
    host.pages["/posts/bridges"] = host_page(tribune)
    url = f"{host.origin}/posts/bridges"
    theirs = someone_elses_comment(url)
    tab = reader_tab(chromium)
    tab.goto(url)
    section = widget(tab)
    assert section.locator(f"#comment-{theirs.pk}").get_by_text("The first bridge was wooden.").is_visible()

    section.get_by_label("Join the discussion").fill("Mine was the *stone* one.")
    section.get_by_label("Name").first.fill("Grace")
    with tab.expect_response(lambda r: r.url.endswith(f"/api/v1/threads/{theirs.thread_id}/comments")) as posted:
        section.get_by_role("button", name="Post comment").click()
    assert posted.value.status == 201
    mine = Comment.objects.exclude(pk=theirs.pk).get()
    assert mine.guest_name == "Grace" and mine.guest_key_hash
    section.locator(f"#comment-{mine.pk}").get_by_text("Mine was the stone one.").wait_for()

    # Reply to the other guest's comment: the form moves under it and the reply follows it.
    section.locator(f"#comment-{theirs.pk}").get_by_role("link", name="Reply").click()
    section.get_by_label("Join the discussion").fill("Wooden until 1870.")
    section.get_by_role("button", name="Post comment").click()
    reply = section.locator(".comment--depth-1").get_by_text("Wooden until 1870.")
    reply.wait_for()
    assert Comment.objects.get(body="Wooden until 1870.").parent_id == theirs.pk
    assert Comment.objects.get(body="Wooden until 1870.").guest_key_hash == mine.guest_key_hash

    # Vote the other comment up.
    up = section.locator(f"#comment-{theirs.pk}").locator(".vote__button--up")
    with tab.expect_response(lambda r: r.url.endswith(f"/comments/{theirs.pk}/vote")):
        up.click()
    tab.wait_for_function("(button) => button.getAttribute('aria-pressed') === 'true'", arg=up.element_handle())
    theirs.refresh_from_db()
    assert theirs.upvotes == 1

    # Edit one's own comment, after a reload: the widget kept the guest's key, no cookie did.
    tab.reload()
    section = widget(tab)
    own = section.locator(f"#comment-{mine.pk}")
    own.get_by_role("link", name="Edit").click()
    box = own.locator("textarea")
    assert box.input_value() == "Mine was the *stone* one."
    box.fill("Mine was the granite one.")
    own.get_by_role("button", name="Save").click()
    section.locator(f"#comment-{mine.pk}").get_by_text("Mine was the granite one.").wait_for()
    mine.refresh_from_db()
    assert mine.body == "Mine was the granite one." and mine.edited_at

    # Delete the reply: it has no replies of its own, so it leaves the list.
    reply_id = Comment.objects.get(body="Wooden until 1870.").pk
    section.locator(f"#comment-{reply_id}").get_by_role("link", name="Delete").click()
    section.locator(f"#comment-{reply_id}").get_by_role("button", name="Delete comment").click()
    section.locator(f"#comment-{reply_id}").wait_for(state="detached")
    assert Comment.objects.get(pk=reply_id).status == Comment.Status.DELETED

    # No request carried a cookie, and none left the two sites.
    origins = {f"{urlsplit(r.url).scheme}://{urlsplit(r.url).netloc}" for r in tab.requests}
    assert origins <= {host.origin, tribune}, origins
    assert not [r.url for r in tab.requests if r.url.startswith(tribune) and "cookie" in r.all_headers()]
    assert tab.context.cookies(tribune) == []


def test_the_first_view_costs_the_script_and_one_read_and_adds_one_global_name(chromium, host, tribune):
    host.pages["/posts/quiet"] = host_page(tribune)
    tab = reader_tab(chromium)
    tab.goto(f"{host.origin}/posts/quiet")
    section = widget(tab)
    assert section.get_by_text("No comments yet. Be the first to say something.").is_visible()
    to_tribune = [r.url for r in tab.requests if r.url.startswith(tribune)]
    assert len(to_tribune) == 2, to_tribune
    assert to_tribune[0] == f"{tribune}/embed.js"
    assert "/api/v1/threads/by-url/comments?url=" in to_tribune[1]
    added = tab.evaluate("() => Object.getOwnPropertyNames(window).filter((n) => !window.__names.includes(n))")
    assert sorted(added) == ["TribuneEmbed", "__names"]


def test_the_widget_shows_the_native_sections_parts(chromium, host, tribune):
    host.pages["/posts/full"] = host_page(tribune)
    url = f"{host.origin}/posts/full"
    thread = thread_for_url_get_or_create(url=url, title="Full")
    for number in range(24):
        comment_post(thread=thread, body=f"Comment number {number}", reader=guest_reader(),
                     guest_name=f"Reader {number}")
    member = registered_reader(user_factory("Mira Donor", email="mira@example.org"))
    supporter_mark_grant(email="mira@example.org", user=member.user)
    supported = comment_post(thread=thread, body="From a supporter", reader=member)
    tab = reader_tab(chromium, width=1000)
    tab.goto(url)
    section = widget(tab)
    assert section.get_by_role("heading", name="25 comments").is_visible()
    for sort in ("Newest", "Oldest", "Most Voted"):
        assert section.get_by_role("link", name=sort).is_visible()
    assert section.get_by_text("Notify me of").is_visible()
    assert section.get_by_text("Would love your thoughts, please comment.").is_visible()
    assert section.locator(".comment").count() == 20
    assert section.locator(f"#comment-{supported.pk} .comment__mark").text_content() == "Supporter"
    section.get_by_role("link", name="Oldest").click()
    section.locator(".comment").first.get_by_text("Comment number 0").wait_for()
    section.get_by_role("link", name="View all comments").click()
    tab.wait_for_function("(host) => host.shadowRoot.querySelectorAll('.comment').length === 25",
                          arg=section.element_handle())
    # Report a comment: the form opens under it and goes to the API.
    first = section.locator(".comment").first
    first.get_by_role("link", name="Report").click()
    first.get_by_label("Spam or advertising").check()
    first.get_by_role("button", name="Send the report").click()
    first.get_by_text("Thank you. A moderator will look at this comment.").wait_for()


def test_a_hostile_host_stylesheet_leaves_the_widget_as_it_was_and_the_widget_leaves_the_host_alone(
        chromium, host, tribune):
    url = f"{host.origin}/posts/plain"
    someone_elses_comment(url)
    # The same width on both pages (a style attribute outranks the host's `*`), so that lines wrap alike.
    host.pages["/posts/plain"] = host_page(tribune, attributes='style="width: 360px"')
    host.pages["/posts/hostile"] = host_page(tribune, style=HOSTILE, attributes=f'data-url="{url}" style="width: 360px"')
    shots = []
    for path in ("/posts/plain", "/posts/hostile"):
        tab = reader_tab(chromium)
        tab.goto(host.origin + path)
        section = widget(tab)
        section.get_by_text("The first bridge was wooden.").wait_for()
        inner = tab.evaluate("""(host) => {
            const root = host.shadowRoot;
            const size = (selector) => getComputedStyle(root.querySelector(selector)).fontSize;
            return [size("textarea"), size(".comment__body p"),
                    getComputedStyle(root.querySelector(".comment-form")).display];
        }""", section.element_handle())
        assert inner == ["16px", "16px", "grid"], (path, inner)
        # The widget's styles reach nothing of the host's: its own heading keeps its own look.
        outer = tab.evaluate("""() => {
            const style = getComputedStyle(document.querySelector("h2.host-title"));
            return [style.fontFamily, style.color];
        }""")
        assert outer == ["serif", "rgb(10, 120, 10)"], (path, outer)
        shots.append(Image.open(io.BytesIO(section.screenshot(animations="disabled"))).convert("RGB"))
        tab.context.close()
    plain, hostile = shots
    # The widget reads the same under either stylesheet: same size, (almost) the same pixels.
    assert plain.size == hostile.size
    difference = ImageStat.Stat(ImageChops.difference(plain, hostile)).mean
    assert max(difference) < 1.0, difference
    # And it is not blank: text and background both there.
    darkest, lightest = ImageStat.Stat(plain.convert("L")).extrema[0]
    assert darkest < 80 and lightest > 230


def test_the_widget_follows_the_readers_scheme_unless_the_host_forces_one(chromium, host, tribune):
    host.pages["/posts/a"] = host_page(tribune)
    host.pages["/posts/b"] = host_page(tribune, attributes='data-theme="light"')
    backgrounds = {}
    for path in ("/posts/a", "/posts/b"):
        tab = reader_tab(chromium, scheme="dark")
        tab.goto(host.origin + path)
        section = widget(tab)
        backgrounds[path] = tab.evaluate(
            "(host) => getComputedStyle(host.shadowRoot.querySelector('.discussion')).backgroundColor",
            section.element_handle())
        tab.context.close()
    assert backgrounds == {"/posts/a": "rgb(20, 20, 20)", "/posts/b": "rgb(255, 255, 255)"}


def test_axe_core_finds_no_serious_violation_inside_the_widget(chromium, host, tribune):
    url = f"{host.origin}/posts/axe"
    theirs = someone_elses_comment(url)
    comment_post(thread=theirs.thread, body="A reply, with **bold**.", reader=guest_reader(), parent_id=theirs.pk)
    host.pages["/posts/axe"] = host_page(tribune)
    for scheme in ("light", "dark"):
        tab = reader_tab(chromium, scheme=scheme, width=1000)
        tab.goto(url)
        widget(tab)
        tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        results = tab.evaluate("""() => axe.run({include: [["[data-tribune-thread]"]]},
                                                 {resultTypes: ["violations"]})""")
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in results["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], (scheme, serious)
        assert results["passes"], "axe looked at nothing"
        tab.context.close()


def test_count_badges_of_a_page_are_filled_by_one_request(chromium, host, tribune):
    first = f"{host.origin}/posts/one"
    someone_elses_comment(first)
    someone_elses_comment(first, body="And again.")
    badges = "".join(f'<p><a href="{path}" data-tribune-count>comments</a></p>'
                     for path in ("/posts/one", "/posts/two", "/posts/one/"))
    host.pages["/"] = f"""<!doctype html><html lang="en"><title>Front page</title><body>{badges}
        <span data-tribune-count data-url="{first}">?</span>
        <script src="{tribune}/embed.js" async></script></body></html>"""
    tab = reader_tab(chromium)
    with tab.expect_response(lambda r: "/api/v1/counts?" in r.url):
        tab.goto(host.origin + "/")
    tab.wait_for_function("() => [...document.querySelectorAll('[data-tribune-count]')]"
                          ".every((badge) => /comment/.test(badge.textContent))")
    assert tab.locator("[data-tribune-count]").all_inner_texts() == ["2 comments", "0 comments", "2 comments",
                                                                     "2 comments"]
    assert len([r for r in tab.requests if "/api/v1/counts" in r.url]) == 1
    assert len([r for r in tab.requests if r.url.startswith(tribune)]) == 2


def test_a_comment_posted_elsewhere_waits_behind_a_button_and_reaches_screen_readers(
        chromium, host, tribune, settings):
    url = f"{host.origin}/posts/live"
    theirs = someone_elses_comment(url)
    # A stand-in for the live server, speaking its event format (comments/live on the live
    # server's side): one new comment, one new vote count.
    settings.DISCUSSION_LIVE_URL = f"{host.origin}/live/"
    arriving = {"id": theirs.pk + 1000, "thread_id": theirs.thread_id, "parent_id": None, "status": "visible",
                "depth": 0, "body_html": "<p>Arrived while you read.</p>", "created_at": "2026-01-01T10:00:00Z",
                "edited_at": None, "upvotes": 0, "downvotes": 0, "score": 0, "reply_to_name": "",
                "author": {"kind": "guest", "name": "Lin", "marks": []}, "moderator_note": "", "anchor": None,
                "viewer": None}
    event = json.dumps({"thread_id": theirs.thread_id, "version": 99, "comment_count": 2,
                        "comments": [arriving], "votes": [[theirs.pk, 4, 1, 3]], "more": 0})
    host.streams[f"/live/threads/{theirs.thread_id}"] = f"retry: 3000\n\nevent: change\nid: 99\ndata: {event}\n\n"
    host.pages["/posts/live"] = host_page(tribune)
    tab = reader_tab(chromium)
    tab.goto(url)
    section = widget(tab)
    button = section.get_by_role("button", name="1 new comment")
    button.wait_for()
    assert section.locator("[role=status]").filter(has_text="1 new comment").count() == 1
    assert section.locator(f"#comment-{theirs.pk} [data-upvotes]").inner_text() == "4"
    assert section.get_by_text("Arrived while you read.").count() == 0
    button.click()
    arrived = section.locator(f"#comment-{arriving['id']}")
    arrived.get_by_text("Arrived while you read.").wait_for()
    assert tab.evaluate("(host) => host.shadowRoot.activeElement.id", section.element_handle()) == \
        f"comment-{arriving['id']}"
    assert not button.is_visible()


def test_a_reader_too_far_behind_the_live_stream_gets_the_whole_list_again_on_asking(
        chromium, host, tribune, settings):
    url = f"{host.origin}/posts/behind"
    theirs = someone_elses_comment(url)
    settings.DISCUSSION_LIVE_URL = f"{host.origin}/live/"
    # What the live server sends a reader whose version it no longer keeps events for.
    host.streams[f"/live/threads/{theirs.thread_id}"] = (
        'retry: 3000\n\nevent: resync\nid: 120\ndata: {"version": 120, "comment_count": 3}\n\n')
    host.pages["/posts/behind"] = host_page(tribune)
    tab = reader_tab(chromium)
    tab.goto(url)
    section = widget(tab)
    button = section.get_by_role("button", name="2 new comments")
    button.wait_for()
    for body in ("Second, posted meanwhile.", "Third, posted meanwhile."):
        comment_post(thread=theirs.thread, body=body, reader=guest_reader())
    assert section.locator(".comment").count() == 1
    button.click()
    section.get_by_text("Third, posted meanwhile.").wait_for()
    assert section.locator(".comment").count() == 3
    assert not button.is_visible()
