"""No input makes the API answer 500: what the database cannot take is refused at the door.

Found by hand and by fuzzing the OpenAPI schema (see test_openapi_fuzz.py): ids longer than a
64-bit column, NUL characters PostgreSQL refuses in text, unpaired surrogates no encoding takes.
"""

import json

import pytest

from tribune.core.ids import ID_MAX
from tribune.discussion.comments.models import Comment, Thread
from tribune.discussion.comments.tests.factories import thread_factory

pytestmark = pytest.mark.django_db

PAST_64_BITS = ["121512445197713741447168", "19302677911189731511214790410240", str(ID_MAX + 1)]


def post_json(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_ids_past_64_bits_in_a_path_or_query_are_refused_not_a_server_error(client):
    thread = thread_factory()
    for big in PAST_64_BITS:
        for path in [f"/api/v1/threads/{big}", f"/api/v1/threads/{big}/comments",
                     f"/api/v1/threads/{big}/comments/all", f"/api/v1/threads/{big}/mine",
                     f"/api/v1/threads/{big}/anchors", f"/api/v1/counts?thread={big}",
                     f"/api/v1/counts?thread={thread.pk}&thread={big}"]:
            answer = client.get(path)
            assert answer.status_code == 422, path
            assert answer.json()["code"] == "invalid_input"
        assert client.patch(f"/api/v1/comments/{big}", data=json.dumps({"body": "x"}),
                            content_type="application/json").status_code == 422
        assert client.delete(f"/api/v1/comments/{big}").status_code == 422
        assert post_json(client, f"/api/v1/comments/{big}/vote", {"value": 1}).status_code == 422
        assert post_json(client, f"/api/v1/threads/{big}/comments", {"body": "x"}).status_code == 422
        for field in ("parent_id", "anchor_id"):
            answer = post_json(client, f"/api/v1/threads/{thread.pk}/comments", {"body": "x", field: int(big)})
            assert answer.status_code == 422 and answer.json()["errors"][0]["loc"][-1] == field
    # The largest id there can be is merely not there.
    assert client.get(f"/api/v1/threads/{ID_MAX}").json()["code"] == "thread_not_found"
    assert client.get(f"/api/v1/counts?thread={ID_MAX}").json()["counts"][0]["count"] == 0
    assert Comment.objects.count() == 0


def test_nul_characters_and_unpaired_surrogates_are_refused_not_a_server_error(client):
    thread = thread_factory()
    url = f"/api/v1/threads/{thread.pk}/comments"
    for path in ["/api/v1/threads/by-url?url=https://news.example.org/a%00b",
                 "/api/v1/counts?url=https://news.example.org/%00", "/api/v1/counts?article=a%00"]:
        answer = client.get(path)
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_input", path
    for field in ("body", "name", "email"):
        answer = post_json(client, url, {"body": "Fine", field: "nul\x00here"})
        assert answer.status_code == 422, field
    answer = post_json(client, url, {"body": "Fine", "anchor": {"exact": "The\x00 river"}})
    assert answer.status_code == 422
    answer = post_json(client, "/api/v1/threads/by-url/comments", {"body": "Fine", "url": "https://a.example/\x00"})
    assert answer.status_code == 422
    # "\ud800" alone is valid to Python's json module and to no encoder after it.
    for raw in ['{"body": "half a smiley \\ud83d"}', '{"body": "x", "name": "\\udc00"}', '{"body": NaN}']:
        answer = client.post(url, data=raw, content_type="application/json")
        assert answer.status_code == 400, raw
        assert answer.json()["code"] == "http_error"
    assert Comment.objects.count() == 0 and Thread.objects.count() == 1


def test_more_query_fields_than_django_parses_is_refused_in_the_apis_shape(client):
    answer = client.get("/api/v1/counts?" + "&".join(["article=a"] * 1001))
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_input"
    too_big = client.post("/api/v1/threads/by-url/comments", data=b'{"body": "' + b"x" * 3_000_000 + b'"}',
                          content_type="application/json")
    assert too_big.status_code == 413 and too_big.json()["code"] == "request_too_large"


def test_addresses_under_the_api_that_name_no_operation_answer_in_its_error_shape(client):
    for path in ["/api/v1/threads/-1", "/api/v1/threads/abc/comments", "/api/v1/nothing/here",
                 "/api/v2/threads/1", "/api/v1/comments/%F0%9F%98%80"]:
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.json()["code"] == "not_found" and answer.json()["number"] == 2
    # A write there is not a CSRF page either.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    answer = csrf_client.post("/api/v1/threads/null,null/comments", data="{}", content_type="application/json")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_body_values_of_another_type_and_malformed_guest_keys_are_refused(client):
    thread = thread_factory()
    created = post_json(client, f"/api/v1/threads/{thread.pk}/comments", {"body": "Mine"})
    comment_id = created.json()["comment"]["id"]
    # JSON says what type a value is: "5" is no id, false is no vote, 1.0 no whole number.
    for url, body in [(f"/api/v1/comments/{comment_id}/vote", {"value": False}),
                      (f"/api/v1/comments/{comment_id}/vote", {"value": "1"}),
                      (f"/api/v1/threads/{thread.pk}/comments", {"body": "x", "parent_id": str(comment_id)}),
                      (f"/api/v1/threads/{thread.pk}/comments", {"body": "x", "parent_id": float(comment_id)}),
                      (f"/api/v1/threads/{thread.pk}/comments", {"body": 5})]:
        answer = post_json(client, url, body)
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_input", body
    for key in ["short", "k" * 101, "not a key at all, spaces", "é" * 43]:
        answer = client.get(f"/api/v1/threads/{thread.pk}/mine", headers={"X-Guest-Key": key.encode().decode("latin-1")})
        assert answer.status_code == 422 and answer.json()["errors"][0]["loc"] == ["header", "X-Guest-Key"], key
    assert Comment.objects.count() == 1
