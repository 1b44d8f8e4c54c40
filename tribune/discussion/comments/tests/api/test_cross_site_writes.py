"""Other sites cannot write through their visitors' browsers; the sites allowed to embed can.

A page anywhere can make its visitors' browsers send a form to the API: a `text/plain` form
carries a JSON-looking body, and each visitor's own address would get round per-address limits
and bans. Browsers say where a request comes from (Origin, Sec-Fetch-Site); the API's writes
listen, and take JSON bodies only.
"""

import json

import pytest
from django.test import override_settings

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.tests.factories import thread_factory, user_factory

pytestmark = pytest.mark.django_db

BLOG = "https://blog.example.org"
EVIL = "https://evil.example"


def post(client, url, body, *, content_type="application/json", **headers):
    return client.post(url, data=body, content_type=content_type, headers=headers)


def comment_url(thread):
    return f"/api/v1/threads/{thread.pk}/comments"


def test_another_sites_text_plain_form_cannot_post_through_its_visitors_browsers(client):
    thread = thread_factory()
    # What <form enctype="text/plain" method="post" action=".../comments"> on evil.example sends,
    # with an input named '{"body": "spam", "x": "' valued '"}'.
    body = '{"body": "spam", "x": "="}'
    refused = post(client, comment_url(thread), body, content_type="text/plain",
                   Origin=EVIL, **{"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "cross_site_refused" and refused.json()["number"] == 9
    assert "access-control-allow-origin" not in refused.headers
    # A browser that sends Sec-Fetch-Site but leaves Origin out is still on the other site's page.
    no_origin = post(client, comment_url(thread), body, content_type="text/plain",
                     **{"Sec-Fetch-Site": "cross-site"})
    assert no_origin.status_code == 403 and no_origin.json()["code"] == "cross_site_refused"
    # A script on that page, sending real JSON, fares no better.
    scripted = post(client, comment_url(thread), json.dumps({"body": "spam"}), Origin=EVIL,
                    **{"Sec-Fetch-Site": "cross-site"})
    assert scripted.status_code == 403
    assert Comment.objects.count() == 0


def test_a_body_that_is_not_json_is_refused_with_415(client):
    thread = thread_factory()
    for content_type, body in [("text/plain", '{"body": "hi"}'),
                               ("application/x-www-form-urlencoded", "body=hi"),
                               ("multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; '
                                'name="body"\r\n\r\nhi\r\n--x--\r\n')]:
        refused = post(client, comment_url(thread), body, content_type=content_type)
        assert refused.status_code == 415, content_type
        assert refused.json()["code"] == "unsupported_media_type" and refused.json()["number"] == 8
    # The same from the site's own page, or with no body type at all.
    own = post(client, comment_url(thread), '{"body": "hi"}', content_type="text/plain",
               **{"Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 415
    assert client.post(comment_url(thread)).status_code == 415
    assert Comment.objects.count() == 0


def test_other_sites_on_the_same_domain_or_a_null_origin_are_refused(client):
    thread = thread_factory()
    body = json.dumps({"body": "hi"})
    for headers in [{"Origin": "https://comments.testserver", "Sec-Fetch-Site": "same-site"},
                    {"Sec-Fetch-Site": "same-site"},
                    {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
                    {"Origin": "null"},
                    {"Origin": "http://testserver.evil.example"},
                    {"Origin": "https://testserver"}]:  # another scheme is another origin
        refused = post(client, comment_url(thread), body, **headers)
        assert refused.status_code == 403, headers
        assert refused.json()["code"] == "cross_site_refused"
    assert Comment.objects.count() == 0


def test_the_sites_own_pages_and_clients_that_are_not_browsers_may_write(client):
    thread = thread_factory()

    def body(n):  # the same text twice from one writer is refused as a repeat
        return json.dumps({"body": f"Comment number {n}"})

    assert post(client, comment_url(thread), body(1), Origin="http://testserver",
                **{"Sec-Fetch-Site": "same-origin"}).status_code == 201
    assert post(client, comment_url(thread), body(2), **{"Sec-Fetch-Site": "same-origin"}).status_code == 201
    # A link typed in the address bar, and curl or a server, which say nothing about a page.
    outside = client.__class__()
    assert post(outside, comment_url(thread), body(3), **{"Sec-Fetch-Site": "none"}).status_code == 201
    created = post(client.__class__(), comment_url(thread), body(4),
                   content_type="application/json; charset=utf-8")
    assert created.status_code == 201
    # Deleting needs no body, and the guest's key travels in a header.
    key, comment_id = created.json()["guest_key"], created.json()["comment"]["id"]
    deleted = client.delete(f"/api/v1/comments/{comment_id}", headers={"X-Guest-Key": key})
    assert deleted.status_code == 200 and deleted.json()["status"] == "deleted"


@override_settings(SITE_URL="https://news.example.org")
def test_the_sites_public_address_counts_as_its_own_behind_a_proxy(client):
    thread = thread_factory()
    created = post(client, comment_url(thread), json.dumps({"body": "hi"}), Origin="https://news.example.org")
    assert created.status_code == 201


@override_settings(DISCUSSION_EMBED_HOSTS=[BLOG])
def test_an_allowed_embed_host_writes_and_reads_with_cors_but_no_credentials(client):
    thread = thread_factory()
    cross = {"Origin": BLOG, "Sec-Fetch-Site": "cross-site"}
    preflight = client.options(comment_url(thread), headers={
        **cross, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-guest-key"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == BLOG
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    allowed_headers = preflight.headers["Access-Control-Allow-Headers"].lower()
    assert "content-type" in allowed_headers and "x-guest-key" in allowed_headers
    assert "Access-Control-Allow-Credentials" not in preflight.headers

    created = post(client, comment_url(thread), json.dumps({"body": "From the blog"}), **cross)
    assert created.status_code == 201
    assert created.headers["Access-Control-Allow-Origin"] == BLOG
    assert "Access-Control-Allow-Credentials" not in created.headers
    assert "origin" in created.headers["Vary"].lower()
    key, comment_id = created.json()["guest_key"], created.json()["comment"]["id"]
    edited = client.patch(f"/api/v1/comments/{comment_id}", data=json.dumps({"body": "Edited"}),
                          content_type="application/json", headers={**cross, "X-Guest-Key": key})
    assert edited.status_code == 200 and "Edited" in edited.json()["body_html"]

    listed = client.get(f"/api/v1/threads/{thread.pk}/comments/all", headers=cross)
    assert listed.status_code == 200 and listed.headers["Access-Control-Allow-Origin"] == BLOG
    # The errors, too, are readable by the allowed page.
    refused = post(client, comment_url(thread), "body=x", content_type="text/plain", **cross)
    assert refused.status_code == 415 and refused.headers["Access-Control-Allow-Origin"] == BLOG


@override_settings(DISCUSSION_EMBED_HOSTS=[BLOG])
def test_other_origins_get_no_cors_headers_and_pages_outside_the_api_get_none(client):
    thread = thread_factory()
    evil = client.get(f"/api/v1/threads/{thread.pk}", headers={"Origin": EVIL})
    assert evil.status_code == 200 and "Access-Control-Allow-Origin" not in evil.headers
    preflight = client.options(comment_url(thread), headers={
        "Origin": EVIL, "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    # A look-alike of the allowed host is not the allowed host.
    for origin in ("https://blog.example.org.evil.example", "http://blog.example.org",
                   "https://blog.example.org:8443"):
        assert "Access-Control-Allow-Origin" not in client.get(
            f"/api/v1/threads/{thread.pk}", headers={"Origin": origin}).headers
        assert post(client, comment_url(thread), json.dumps({"body": "x"}), Origin=origin).status_code == 403
    # The site's pages are not for other sites' scripts to read.
    page = client.get(thread.article.get_absolute_url(), headers={"Origin": BLOG})
    assert page.status_code == 200 and "Access-Control-Allow-Origin" not in page.headers


def test_signed_in_readers_still_need_the_csrf_token_from_the_sites_own_page(client):
    thread = thread_factory()
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(user_factory())
    refused = post(csrf_client, comment_url(thread), json.dumps({"body": "hi"}),
                   Origin="http://testserver", **{"Sec-Fetch-Site": "same-origin"})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert Comment.objects.count() == 0


def test_the_payment_webhook_outside_the_api_keeps_its_own_rules(client):
    # Stripe posts JSON from its servers; the API's write rules must not stand in its way, and the
    # webhook answers for itself (here: no valid signature).
    with override_settings(STRIPE_WEBHOOK_SECRET="whsec_test", STRIPE_SECRET_KEY="sk_test_x"):
        answer = client.post("/payments/stripe/webhook/", data="{}", content_type="text/plain",
                             headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site",
                                      "Stripe-Signature": "t=1,v1=00"})
    assert answer.status_code == 400 and answer.json()["error"] == "Invalid signature."
    assert b"cross_site_refused" not in answer.content and b"unsupported_media_type" not in answer.content
