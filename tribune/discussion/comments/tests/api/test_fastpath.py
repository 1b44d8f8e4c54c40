"""The cached all-comments answer is served before Django only while it is current."""

import pytest

from tribune.discussion.comments.api.fastpath import CachedAnswers
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader, thread_factory
from tribune.newsroom.services import article_save

pytestmark = pytest.mark.django_db


class Django:
    """Stands in for Django's WSGI application and counts what reaches it."""

    def __init__(self):
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response("418 I'm a teapot", [])
        return [b"django"]


def get(app, path, query="", **environ):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, **environ},
                        start_response))
    return seen["status"], seen["headers"], body


def test_a_current_answer_skips_django_and_a_stale_one_does_not(client):
    thread = thread_factory()
    comment_post(thread=thread, body="First", reader=guest_reader())
    path = f"/api/v1/threads/{thread.pk}/comments/all"
    django, app = Django(), None
    app = CachedAnswers(django)
    assert get(app, path)[0].startswith("418")  # nothing cached yet: Django answers
    built = client.get(path).content
    status, headers, body = get(app, path)
    assert status == "200 OK" and body == built and django.calls == 1
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"

    comment_post(thread=thread, body="Second", reader=guest_reader())
    assert get(app, path)[0].startswith("418")  # the thread changed: Django builds it again
    assert b"Second" in client.get(path).content
    assert b"Second" in get(app, path)[2]


def test_other_queries_and_unpublished_articles_go_to_django(client):
    thread = thread_factory()
    path = f"/api/v1/threads/{thread.pk}/comments/all"
    client.get(path)
    django = Django()
    app = CachedAnswers(django)
    for query in ("sort=loudest", "sort=oldest&sort=newest", "page=2"):
        assert get(app, path, query)[0].startswith("418"), query
    article = thread.article
    article.status = article.Status.DRAFT
    article_save(article=article)
    assert get(app, path)[0].startswith("418")
    assert client.get(path).status_code == 404


def test_a_request_from_another_sites_page_goes_to_django_which_answers_for_cors(client):
    thread = thread_factory()
    path = f"/api/v1/threads/{thread.pk}/comments/all"
    client.get(path)
    django = Django()
    app = CachedAnswers(django)
    status, headers, _ = get(app, path)
    assert status == "200 OK" and headers["Vary"] == "origin"
    assert get(app, path, HTTP_ORIGIN="https://blog.example.org")[0].startswith("418")
