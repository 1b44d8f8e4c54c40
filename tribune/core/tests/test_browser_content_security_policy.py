"""Every page type runs in Chromium under the strict Content-Security-Policy without a violation,
and the policy refuses what an attacker would slip into a page."""

import json
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from tribune.demo.load import demo_load
from tribune.discussion.comments.selectors import thread_for_article
from tribune.discussion.comments.services.privacy import data_link_token
from tribune.discussion.comments.tests.factories import registered_reader, user_factory
from tribune.discussion.notifications.services.subscriptions import subscription_create
from tribune.discussion.notifications.tokens import manage_path
from tribune.donations.tests.factories import STRIPE_SETTINGS
from tribune.newsroom.models import Article
from tribune.newsroom.tests.factories import article_factory, author_factory, tag_factory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts: each violation, as "directive blocked where".
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI || "-"} ${event.sourceFile}:${event.lineNumber}`);
}, true);
"""


def violations_read(tab) -> list[str]:
    """Return and forget the page's violations, once the events already queued have run."""
    return tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => "
                        "setTimeout(() => done(window.__csp.splice(0)))))")


def watched_tab(chromium, *, session: str | None = None, base_url: str = ""):
    """Return a tab that records every CSP violation, as events and as console errors."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    if session:
        context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session,
                              "url": base_url}])
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.console_errors = []
    tab.on("console", lambda message: message.type == "error"
           and "Content Security Policy" in message.text and tab.console_errors.append(message.text))
    return tab


def visit(tab, url: str, ready: str) -> list[str]:
    """Open `url`, wait for `ready` (what the page's scripts build), and return its violations."""
    response = tab.goto(url)
    assert response.status < 400, (url, response.status)
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    tab.locator(ready).first.wait_for(state="attached")
    return violations_read(tab)


@override_settings(PAYMENTS_TEST_MODE=True)  # the demo's test checkout and thanks pages are visited too
def test_reader_pages_run_under_the_policy_without_a_violation(live_server, chromium):
    article = demo_load().article
    tagged = article_factory(headline="Water returns to the valley", authors=[author_factory()],
                             tags=[tag_factory()], section=article.section)
    subscriber, _ = subscription_create(thread=thread_for_article(article=article),
                                        reader=registered_reader(user_factory(email="ana@example.org")),
                                        kinds=["thread"])
    base = live_server.url
    tab = watched_tab(chromium)
    found = {}
    pages = [
        ("front", "/", ".article-card"),
        ("section", article.section.get_absolute_url(), ".article-card"),
        ("tag", tagged.tags.get().get_absolute_url(), ".article-card"),
        ("author", tagged.authors.get().get_absolute_url(), ".article-card"),
        # The comment scripts mark the section once bound; inline.js adds the "About" choice.
        ("article", article.get_absolute_url(), "[data-discussion][data-enhanced] [data-passage-choice]"),
        ("search", "/search/?q=police", "main"),
        ("donation", "/support/support-southfront/", ".donate-form"),
        ("subscriptions", manage_path(subscriber_id=subscriber.pk), ".subscriptions"),
        ("my data", "/discussion/my-data/", "main form"),
        ("my data by email", f"/discussion/my-data/email/{data_link_token(email='ana@example.org')}/", "main"),
        ("feed", "/feeds/rss/", "body"),
    ]
    for name, path, ready in pages:
        found[name] = visit(tab, base + path, ready)

    # The test checkout and the thanks page, reached as a donor reaches them: by posting forms.
    tab.goto(base + "/support/support-southfront/")
    tab.get_by_label("Email for your receipt").fill("reader@example.org")
    for name, button, heading, address in [
        ("test checkout", "Continue to the test payment", "Complete the test payment", "/test-checkout/"),
        ("thanks", "(test)", "Thank you", "/thanks/"),
    ]:
        with tab.expect_response(lambda r, address=address: address in r.url
                                 and r.request.method == "GET") as page_answer:
            tab.get_by_role("button", name=button).click()
        assert "script-src 'self'" in page_answer.value.headers["content-security-policy"], name
        tab.get_by_role("heading", name=heading).wait_for()
        found[name] = violations_read(tab)

    found["console"] = tab.console_errors
    offending = {name: seen for name, seen in found.items() if seen}
    assert offending == {}, json.dumps(offending, indent=1)
    tab.context.close()


def test_staff_pages_run_under_the_policy_without_a_violation(live_server, chromium):
    article = demo_load().article
    staff = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-" * 8)
    client = Client()
    client.force_login(staff)
    base = live_server.url
    tab = watched_tab(chromium, session=client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                      base_url=base)
    found = {}
    pages = [
        ("moderation queue", "/moderation/", ".moderation"),
        ("moderation log", "/moderation/log/", ".moderation"),
        ("admin index", "/admin/", "#content"),
        ("admin change form", f"/admin/newsroom/article/{article.pk}/change/", "#article_form"),
        ("admin list", "/admin/discussion/comment/", "#changelist"),
        ("admin images", "/admin/newsroom/image/", "#changelist"),
        # Swagger UI builds the page from the schema: wait for the operations it draws.
        ("API docs", "/api/v1/docs", "#swagger-ui .opblock"),
    ]
    for name, path, ready in pages:
        found[name] = visit(tab, base + path, ready)
    # An operation opened, with its example responses drawn.
    tab.locator("#swagger-ui .opblock-summary").first.click()
    tab.locator("#swagger-ui .opblock-body .responses-table").first.wait_for()
    found["API docs, an operation open"] = violations_read(tab)
    found["console"] = tab.console_errors
    offending = {name: seen for name, seen in found.items() if seen}
    assert offending == {}, json.dumps(offending, indent=1)
    tab.context.close()


def test_script_and_style_slipped_into_an_article_do_not_run(live_server, chromium):
    """Should the sanitizer ever let markup through, the browser still refuses to run it."""
    article = article_factory(headline="An ordinary story")
    # Written past the sanitizer, as a bug in it or a hand-edited database would.
    Article.objects.filter(pk=article.pk).update(body_html=(
        '<p id="styled" style="display:none">Read on.</p>'
        "<script>window.__pwned = 'inline script';</script>"
        '<img src="data:," onerror="window.__pwned = \'event handler\'">'
        "<a id=\"js-link\" href=\"javascript:window.__pwned = 'javascript: link'\">more</a>"
    ))
    tab = watched_tab(chromium)
    tab.goto(live_server.url + article.get_absolute_url())
    tab.locator("#js-link").click()
    tab.wait_for_function("() => window.__csp.length >= 4")
    assert tab.evaluate("window.__pwned === undefined")
    # The style attribute was ignored: the paragraph shows.
    assert tab.locator("#styled").is_visible()
    directives = {line.split(" ")[0] for line in violations_read(tab)}
    assert directives >= {"script-src-elem", "script-src-attr", "style-src-attr"}
    tab.context.close()


def test_the_donation_form_may_still_lead_to_stripe_checkout(live_server, chromium):
    """form-action 'self' must not stop the redirect to Stripe that follows posting the form."""
    demo_load()
    stripe = mock.Mock()
    stripe.v1.checkout.sessions.create.return_value = mock.Mock(
        id="cs_test_1", url="https://checkout.stripe.com/c/pay/cs_test_1")
    tab = watched_tab(chromium)
    # Chromium never reaches Stripe: Playwright answers for it, after the policy has been applied.
    tab.route("https://checkout.stripe.com/**", lambda route: route.fulfill(
        content_type="text/html", body="<h1>Stripe Checkout</h1>"))
    with override_settings(**STRIPE_SETTINGS), \
            mock.patch("tribune.donations.payments.stripe.stripe_client", return_value=stripe):
        tab.goto(live_server.url + "/support/support-southfront/")
        tab.get_by_label("Email for your receipt").fill("reader@example.org")
        tab.get_by_role("button", name="Continue to").click()
        tab.wait_for_url("https://checkout.stripe.com/c/pay/cs_test_1")
    assert tab.locator("h1").inner_text() == "Stripe Checkout"
    assert tab.console_errors == []
    tab.context.close()
