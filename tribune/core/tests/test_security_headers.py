"""Every page carries the strict Content-Security-Policy; HTTPS settings take effect when set."""

from unittest import mock

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def reader_paths(article) -> list[str]:
    from tribune.newsroom.tests.factories import article_factory, author_factory, tag_factory

    tagged = article_factory(authors=[author_factory()], tags=[tag_factory()], section=article.section)
    return [
        "/",
        article.section.get_absolute_url(),
        tagged.tags.get().get_absolute_url(),
        tagged.authors.get().get_absolute_url(),
        article.get_absolute_url(),
        "/search/?q=police",
        "/support/support-southfront/",
        "/discussion/my-data/",
        "/feeds/rss/",
        "/admin/login/",
    ]


def test_every_reader_page_forbids_inline_script_and_other_sites(client, demo):
    for path in reader_paths(demo):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = policy_of(response)
        assert {name: policy.get(name) for name in STRICT} == STRICT, path
        assert "unsafe" not in response.headers["Content-Security-Policy"], path


def test_staff_pages_and_the_api_docs_carry_the_same_policy(client, demo, admin_user):
    client.force_login(admin_user)
    for path in ["/moderation/", "/admin/", f"/admin/newsroom/article/{demo.pk}/change/",
                 "/api/v1/docs", "/api/v1/openapi.json"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert {name: policy_of(response).get(name) for name in STRICT} == STRICT, path


def test_a_cached_article_page_keeps_its_policy(client, demo):
    first = client.get(demo.get_absolute_url())
    again = client.get(demo.get_absolute_url())
    assert again.headers["X-Tribune-Cache"] == "hit"
    assert policy_of(again) == policy_of(first) and policy_of(again)["script-src"] == "'self'"


def test_only_the_donation_page_may_send_its_form_on_to_stripe(client, demo):
    from tribune.donations.tests.factories import STRIPE_SETTINGS

    with override_settings(**STRIPE_SETTINGS), \
            mock.patch("tribune.donations.payments.stripe.stripe_client"):
        donation_page = client.get("/support/support-southfront/")
        article_page = client.get(demo.get_absolute_url())
    assert policy_of(donation_page)["form-action"] == "'self' https://checkout.stripe.com"
    assert policy_of(article_page)["form-action"] == "'self'"
    # With the test provider the donor never leaves the site.
    assert policy_of(client.get("/support/support-southfront/"))["form-action"] == "'self'"


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
                   SECURE_SSL_REDIRECT=True)
def test_https_settings_redirect_plain_http_and_pin_https(client, demo):
    plain = client.get("/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/"
    secure = client.get("/", secure=True)
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_policy_built_once_is_the_one_django_csp_builds_and_follows_the_settings(rf):
    # Tribune's middleware keeps the site's policy text instead of building it on every
    # answer: it must be django-csp's text, for both headers, and change with the settings.
    from csp.decorators import csp_exempt, csp_update
    from csp.middleware import CSPMiddleware
    from csp.utils import build_policy
    from django.http import HttpResponse

    from tribune.config.settings.security import content_security_policy
    from tribune.core.csp import ContentSecurityPolicyMiddleware

    # One middleware, as a server process has: it keeps what it built.
    making = [HttpResponse]
    middleware = ContentSecurityPolicyMiddleware(lambda request: making[0]())

    def answers(make_response, path="/"):
        making[0] = make_response
        theirs = CSPMiddleware(lambda request: make_response())(rf.get(path))
        return middleware(rf.get(path)), theirs

    report_only = {"DIRECTIVES": {"default-src": ["'self'", "https://report.example"]}}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only):
        for _ in range(2):
            ours, theirs = answers(HttpResponse)
            assert ours.headers["Content-Security-Policy"] == theirs.headers["Content-Security-Policy"]
            assert (ours.headers["Content-Security-Policy-Report-Only"]
                    == theirs.headers["Content-Security-Policy-Report-Only"]
                    == "default-src 'self' https://report.example")
    assert "Content-Security-Policy-Report-Only" not in answers(HttpResponse)[0].headers
    # Built once for the settings as they stand, not on every answer.
    with mock.patch("tribune.core.csp.build_policy", wraps=build_policy) as building:
        for _ in range(3):
            answers(HttpResponse)
    assert building.call_count == 0
    with override_settings(CONTENT_SECURITY_POLICY=content_security_policy(connect=["https://live.example"])):
        ours, theirs = answers(HttpResponse)
        assert "https://live.example" in policy_of(ours)["connect-src"]
        assert ours.headers["Content-Security-Policy"] == theirs.headers["Content-Security-Policy"]
    assert "https://live.example" not in answers(HttpResponse)[0].headers["Content-Security-Policy"]
    # A view's own changes are django-csp's work, as before.
    updated, theirs = answers(csp_update({"form-action": ["https://pay.example"]})(lambda: HttpResponse()))
    assert policy_of(updated)["form-action"] == "'self' https://pay.example"
    assert updated.headers["Content-Security-Policy"] == theirs.headers["Content-Security-Policy"]
    exempt, _ = answers(csp_exempt()(lambda: HttpResponse()))
    assert "Content-Security-Policy" not in exempt.headers
    # A header the view set itself is kept.
    def own():
        response = HttpResponse()
        response["Content-Security-Policy"] = "default-src 'none'"
        return response
    assert answers(own)[0].headers["Content-Security-Policy"] == "default-src 'none'"
