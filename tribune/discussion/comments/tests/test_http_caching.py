"""HTTP caching a CDN can use: shared-cache headers on what is the same for every reader, 304s,
surrogate keys, purges sent and retried, and nothing personal ever marked shareable."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import reverse

from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader, thread_factory

pytestmark = pytest.mark.django_db

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture
def shared(settings):
    settings.HTTP_CACHE_SECONDS = 300
    return settings


def api_paths(thread) -> list[str]:
    return [f"/api/v1/threads/{thread.pk}/comments/all", f"/api/v1/threads/{thread.pk}/comments?sort=oldest",
            f"/api/v1/threads/{thread.pk}", f"/api/v1/threads/{thread.pk}/anchors",
            f"/api/v1/counts?thread={thread.pk}"]


def test_anonymous_reads_carry_shared_cache_headers_and_unchanged_ones_answer_304(client, shared):
    thread = thread_factory()
    comment_post(thread=thread, body="First", reader=guest_reader())
    for path in [*api_paths(thread), thread.article.get_absolute_url(), "/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        control = response["Cache-Control"]
        assert "public" in control and "s-maxage=300" in control and "private" not in control, path
        assert response.has_header("ETag") and not response.cookies, path
        assert response["Surrogate-Key"].split() == response["Cache-Tag"].split(","), path
        again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304 and again.content == b"", path
    article_page = client.get(thread.article.get_absolute_url())
    assert f"article-{thread.article_id}" in article_page["Surrogate-Key"].split()
    answer = client.get(f"/api/v1/threads/{thread.pk}/comments/all")
    assert f"thread-{thread.pk}" in answer["Surrogate-Key"].split()
    assert client.get(answer.wsgi_request.path, HTTP_IF_MODIFIED_SINCE=answer["Last-Modified"]).status_code == 304
    # A new comment: the old ETag no longer matches, and the answer shows it.
    comment_post(thread=thread, body="Second", reader=guest_reader())
    changed = client.get(answer.wsgi_request.path, HTTP_IF_NONE_MATCH=answer["ETag"])
    assert changed.status_code == 200 and "Second" in changed.content.decode()


def test_answers_for_one_reader_never_get_shared_cache_headers(client, shared):
    thread = thread_factory()
    comment_post(thread=thread, body="First", reader=guest_reader())
    client.cookies["tribune_guest"] = "g" * 43
    for path in [*api_paths(thread), thread.article.get_absolute_url(), "/"]:
        for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer x"}):
            response = client.get(path, **headers)
            control = response["Cache-Control"]
            assert "private" in control and "s-maxage" not in control and "public" not in control, path
    stranger = Client()
    for path in api_paths(thread):
        response = stranger.get(path, HTTP_X_GUEST_KEY="k" * 43)
        assert "private" in response["Cache-Control"] and "s-maxage" not in response["Cache-Control"], path


def test_a_shared_page_carries_no_readers_token_yet_its_form_posts_with_the_fetched_one(shared):
    thread = thread_factory()
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(thread.article.get_absolute_url())
    assert "s-maxage=300" in page["Cache-Control"] and not page.cookies
    html = page.content.decode()
    assert "core/csrf.js" in html
    stored_tokens = set(TOKEN_FIELD.findall(html))
    # The same bytes for everyone: the next reader gets the same tokens, so none of them is real.
    assert stored_tokens == set(TOKEN_FIELD.findall(Client().get(thread.article.get_absolute_url()).content.decode()))
    url = reverse("discussion:comment_create", kwargs={"article_id": thread.article_id})
    refused = reader.post(url, {"body": "With the shared token", "name": "Ada",
                                "csrfmiddlewaretoken": stored_tokens.pop()})
    assert refused.status_code == 403
    fetched = reader.get("/csrf-token")
    assert "no-store" in fetched["Cache-Control"] or "private" in fetched["Cache-Control"]
    posted = reader.post(url, {"body": "With my own token", "name": "Ada",
                               "csrfmiddlewaretoken": fetched.json()["token"]})
    assert posted.status_code == 302


class PurgeReceiver(BaseHTTPRequestHandler):
    """A purge endpoint that refuses the first `refuse` purges with 503, then records them."""

    received: list
    refuse: int

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.server.refuse:
            self.server.refuse -= 1
            self.send_response(503)
        else:
            self.server.received.append({"surrogate": self.headers["Surrogate-Key"],
                                         "tags": self.headers["Cache-Tag"],
                                         "auth": self.headers["Authorization"], "body": json.loads(body)})
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_endpoint(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeReceiver)
    server.received, server.refuse = [], 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.HTTP_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    settings.HTTP_PURGE_TOKEN = "purge-secret"
    yield server
    server.shutdown()


@pytest.mark.django_db(transaction=True)
def test_a_new_comment_purges_its_thread_and_article_and_a_refused_purge_is_retried(client, purge_endpoint):
    thread = thread_factory()
    purge_endpoint.refuse = 2
    purge_endpoint.received.clear()
    response = client.post(f"/api/v1/threads/{thread.pk}/comments", {"body": "Fresh", "name": "Ada"},
                           content_type="application/json")
    assert response.status_code == 201
    keys = {key for purge in purge_endpoint.received for key in purge["surrogate"].split()}
    assert {f"thread-{thread.pk}", f"article-{thread.article_id}"} <= keys
    assert all(purge["auth"] == "Bearer purge-secret" for purge in purge_endpoint.received)
    paths = {path for purge in purge_endpoint.received for path in purge["body"]["paths"]}
    assert thread.article.get_absolute_url() in paths and f"/api/v1/threads/{thread.pk}/comments/all" in paths
    assert purge_endpoint.refuse == 0
