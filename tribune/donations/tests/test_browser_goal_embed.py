"""The goal meter embedded on another site: one script tag on an allowed host shows the live
figures and the call to give, under the host's strict Content-Security-Policy, and no request
leaves the two sites. An unlisted host gets nothing."""

import gzip
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import tribune.donations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = Path(tribune.donations.__file__).parent / "static" / "donations" / "goal.js"
# Runs in the host page before its own scripts: every CSP violation, as "directive blocked".
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI), true);
"""


class HostSite:
    """Another site on its own port: serves one page that embeds the meter."""

    def __init__(self, tribune_origin: str):
        self.tribune = tribune_origin
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                if self.path != "/post.html":
                    self.send_error(404)
                    return
                body = site.page().encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                # As strict as Tribune's own pages: scripts and data from Tribune only, no inline
                # script or style anywhere.
                self.send_header("Content-Security-Policy",
                                 f"default-src 'self'; script-src {site.tribune}; connect-src {site.tribune}; "
                                 "style-src 'self'; img-src 'self'")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def page(self) -> str:
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A blog</title></head>
<body><h1>A post on another site</h1><p>Our friends are raising money:</p>
<div data-tribune-goal="support-southfront"><a href="{self.tribune}/support/support-southfront/">Support them</a></div>
<script src="{self.tribune}/static/donations/goal.js" async></script></body></html>"""

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host_site(live_server):
    with HostSite(live_server.url) as site:
        yield site


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_script_with_its_styles_stays_under_10_kb_gzipped():
    assert len(gzip.compress(SCRIPT.read_bytes(), compresslevel=9)) < 10 * 1024


def test_allowed_host_shows_the_live_meter_and_no_request_leaves_the_two_sites(
    live_server, chromium, host_site, settings
):
    from tribune.demo.load import demo_load
    from tribune.donations.models import Campaign
    from tribune.donations.services import manual_entry_record

    demo_load()
    settings.DISCUSSION_EMBED_HOSTS = [host_site.origin]
    context = chromium.new_context(viewport={"width": 1024, "height": 800})
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    requests = []
    tab.on("request", lambda request: requests.append(request.url))

    tab.goto(host_site.origin + "/post.html")
    tab.locator("[data-tribune-goal][data-tribune-goal-ready]").wait_for()
    widget = tab.locator("[data-tribune-goal]")
    assert widget.locator(".amount").inner_text().replace("\u00a0", " ") == "3,048 $"
    assert widget.locator(".status").inner_text() == "raised · 61% of the goal"
    meter = widget.get_by_role("meter")
    assert meter.get_attribute("aria-valuenow") == "304800"
    assert widget.locator("rect.fill").get_attribute("width") == "61%"
    give = widget.get_by_role("link", name="Support SouthFront")
    assert give.get_attribute("href") == live_server.url + "/support/support-southfront/"
    # The shadow root's styles apply under the host's policy, which allows no inline style.
    assert tab.evaluate("() => getComputedStyle(document.querySelector('[data-tribune-goal]')"
                        ".shadowRoot.querySelector('rect.fill')).fill") == "rgb(164, 22, 26)"
    assert tab.evaluate("() => window.__csp") == []
    # Isolated: the host page's own document holds none of the meter's parts, and no global name
    # beyond the browser's own was added.
    assert tab.evaluate("() => document.querySelectorAll('.amount, .meter').length") == 0

    assert {origin_of(url) for url in requests} <= {host_site.origin, live_server.url}
    assert any(url.startswith(live_server.url + "/api/v1/campaigns/support-southfront/goal") for url in requests)
    context.close()

    # Live: the next reader sees a new gift, without anything changed on the host page (a reader
    # who stays sees it within the minute the answer may be kept).
    manual_entry_record(campaign=Campaign.objects.get(), amount_minor=195_200)
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.goto(host_site.origin + "/post.html")
    tab.locator("[data-tribune-goal][data-tribune-goal-ready]").wait_for()
    widget = tab.locator("[data-tribune-goal]")
    assert widget.locator(".amount").inner_text().replace("\u00a0", " ") == "5,000 $"
    assert widget.locator(".status").inner_text() == "raised · goal reached, 100%"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_the_script_adds_no_global_name(live_server, chromium, host_site, settings):
    from tribune.demo.load import demo_load

    demo_load()
    settings.DISCUSSION_EMBED_HOSTS = [host_site.origin]
    context = chromium.new_context()
    tab = context.new_page()
    context.add_init_script("window.__before = Object.getOwnPropertyNames(window);")
    tab.goto(host_site.origin + "/post.html")
    tab.locator("[data-tribune-goal][data-tribune-goal-ready]").wait_for()
    added = tab.evaluate("() => Object.getOwnPropertyNames(window).filter((n) => !window.__before.includes(n)"
                         " && n !== '__before')")
    assert len(added) <= 1, added
    context.close()


def test_an_unlisted_host_cannot_read_the_figures(live_server, chromium, host_site, settings):
    from tribune.demo.load import demo_load

    demo_load()
    settings.DISCUSSION_EMBED_HOSTS = ["https://someone-else.example"]
    context = chromium.new_context()
    tab = context.new_page()
    with tab.expect_console_message(lambda message: "CORS" in message.text):
        tab.goto(host_site.origin + "/post.html")
    # The host's own fallback content stays; no meter was drawn.
    assert tab.locator("[data-tribune-goal][data-tribune-goal-ready]").count() == 0
    assert tab.get_by_role("link", name="Support them").is_visible()
    context.close()
