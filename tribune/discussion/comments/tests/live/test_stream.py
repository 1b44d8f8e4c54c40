"""The live endpoint against a real `tribune live` process on the test database: what a connected
reader is sent, what a reconnecting one catches up on, and what a hostile client gets."""

import json
import time

import pytest

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_delete, comment_post, vote_cast
from tribune.discussion.comments.tests.factories import guest_reader, thread_factory
from tribune.discussion.comments.tests.live_helpers import LiveStream, get
from tribune.discussion.moderation.models import ModerationSettings
from tribune.discussion.moderation.policies import moderation_rules_forget
from tribune.newsroom.models import Article


def post(thread, body, **fields):
    return comment_post(thread=thread, body=body, reader=fields.pop("reader", None) or guest_reader(),
                        guest_name=fields.pop("name", "Ana"), **fields)


def test_a_connected_reader_is_sent_a_new_comment_as_it_is_posted(live_process):
    thread = thread_factory()
    stream = live_process.stream(thread.pk)
    try:
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "no-store, no-transform"
        assert stream.headers["x-accel-buffering"] == "no"
        ready = stream.wait_for("ready")
        comment = post(thread, "Fresh from the council meeting.")
        event = stream.wait_for("change")
        assert event["id"] == str(event["data"]["version"]) and event["data"]["version"] > ready["data"]["version"]
        assert [c["id"] for c in event["data"]["comments"]] == [comment.pk]
        assert event["data"]["comments"][0]["body_html"] == "<p>Fresh from the council meeting.</p>\n"
    finally:
        stream.close()


def test_a_burst_of_changes_reaches_readers_as_few_events(live_process):
    thread = thread_factory()
    stream = live_process.stream(thread.pk)
    try:
        stream.wait_for("ready")
        first = post(thread, "One.")
        comments = [post(thread, f"Burst comment {n}.") for n in range(5)]
        vote_cast(comment=first, reader=guest_reader(), value=1)
        seen, votes, events = set(), {}, 0
        while len(seen) < 6 or votes.get(first.pk) != 1:
            data = stream.wait_for("change")["data"]
            events += 1
            seen.update(c["id"] for c in data["comments"])
            votes.update({v[0]: v[1] for v in data["votes"]})
            votes.update({c["id"]: c["upvotes"] for c in data["comments"]})
        assert seen == {first.pk, *(c.pk for c in comments)}
        # Changes within DISCUSSION_LIVE_INTERVAL travel together: not one event per change.
        assert events < 7
    finally:
        stream.close()


def test_a_reader_who_reconnects_is_sent_what_it_missed_since_its_version(live_process):
    thread = thread_factory()
    watcher = live_process.stream(thread.pk)  # keeps the thread watched, as other readers would
    try:
        version = watcher.wait_for("ready")["data"]["version"]
        missed = post(thread, "Posted while you were away.")
        deleted = post(thread, "Soon deleted.", reader=(author := guest_reader()))
        comment_delete(comment=deleted, reader=author)
        # Posted and deleted between two reads of the thread, the deleted comment is never shown
        # at all; read apart, it is shown, then shown deleted.
        def caught_up(sent):
            return missed.pk in sent and (deleted.pk not in sent or sent[deleted.pk]["status"] == "deleted")

        seen = {}
        while not caught_up(seen):
            seen.update({c["id"]: c for c in watcher.wait_for("change")["data"]["comments"]})
        back = live_process.stream(thread.pk, headers={"Last-Event-ID": str(version)})
        try:
            sent = {}
            while not caught_up(sent):
                sent.update({c["id"]: c for c in back.wait_for("change")["data"]["comments"]})
            assert sent[missed.pk]["body_html"] == "<p>Posted while you were away.</p>\n"
            assert deleted.pk not in sent or sent[deleted.pk]["body_html"] == ""
        finally:
            back.close()
    finally:
        watcher.close()


def test_a_reader_the_server_cannot_replay_for_is_told_to_catch_up(live_process):
    thread = thread_factory()
    post(thread, "Before the restart.")
    reader = live_process.stream(thread.pk)
    try:
        version = reader.wait_for("ready")["data"]["version"]
    finally:
        reader.close()
    # The server restarts (a deploy, a crash): what it knew of the thread's past is gone.
    live_process.stop()
    post(thread, "While the server was down.")
    live_process.start()
    again = live_process.stream(thread.pk, headers={"Last-Event-ID": str(version)})
    try:
        event = again.wait_for("resync")
        assert event["data"]["version"] > version and event["data"]["comment_count"] == 2
        assert event["id"] == str(event["data"]["version"])
        # A made-up version from the future is told the same, never sent nothing.
        ahead = live_process.stream(thread.pk, since=event["data"]["version"] + 50)
        assert ahead.wait_for("resync")["data"]["version"] == event["data"]["version"]
        ahead.close()
    finally:
        again.close()


def test_an_idle_stream_carries_heartbeats(live_process):
    thread = thread_factory()
    stream = live_process.stream(thread.pk)
    try:
        stream.wait_for("ready")
        with pytest.raises(TimeoutError):
            stream.wait_for("change", timeout=2.5)
        # The test server beats every second (tests/live_settings.py; 20 s in production).
        assert stream.comments >= 2
    finally:
        stream.close()


def test_a_thread_readers_may_not_see_is_not_found(live_process):
    draft = thread_factory(status=Article.Status.DRAFT)
    for path in (f"/live/threads/{draft.pk}", "/live/threads/999999", "/live/threads/x", "/live/else"):
        status, answer = get(live_process.origin + path)
        assert status == 404, path
        assert b'"code"' in answer["body"]
    status, answer = get(live_process.origin + f"/live/threads/{draft.pk}?since=banana")
    assert status == 400


def test_writing_to_the_live_endpoint_is_refused(live_process):
    thread = thread_factory()
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        status, answer = get(live_process.origin + f"/live/threads/{thread.pk}", method=method)
        assert status == 405 and answer["headers"]["allow"] == "GET, HEAD"


def test_another_sites_page_may_not_hold_connections_but_an_embedding_site_may(transactional_db):
    thread = thread_factory()
    server = LiveStream(embed_hosts=("https://blog.example.org",)).start()
    try:
        status, answer = get(server.origin + f"/live/threads/{thread.pk}",
                             headers={"Origin": "https://evil.example.com"})
        assert status == 403 and b"cross_site_refused" in answer["body"]
        assert "access-control-allow-origin" not in {k.lower() for k in answer["headers"]}
        allowed = server.stream(thread.pk, headers={"Origin": "https://blog.example.org"})
        try:
            assert allowed.status == 200
            assert allowed.headers["access-control-allow-origin"] == "https://blog.example.org"
            assert allowed.headers["vary"] == "origin"
            allowed.wait_for("ready")
        finally:
            allowed.close()
        status, answer = get(server.origin + f"/live/threads/{thread.pk}", method="OPTIONS",
                             headers={"Origin": "https://blog.example.org",
                                      "Access-Control-Request-Method": "GET",
                                      "Access-Control-Request-Headers": "last-event-id"})
        assert status == 204 and answer["headers"]["access-control-allow-headers"] == "last-event-id"
    finally:
        server.stop()


def test_one_address_cannot_hold_more_connections_than_its_share(live_process):
    thread = thread_factory()
    streams = []
    try:
        # tests/live_settings.py allows 6 at once from one address.
        for _ in range(6):
            streams.append(live_process.stream(thread.pk))
            assert streams[-1].status == 200
        status, answer = get(live_process.origin + f"/live/threads/{thread.pk}")
        assert status == 429 and b"rate_limited" in answer["body"] and int(answer["headers"]["retry-after"]) > 0
        # Behind no proxy (PROXY_COUNT 0) a forged X-Forwarded-For changes nothing.
        status, _ = get(live_process.origin + f"/live/threads/{thread.pk}",
                        headers={"X-Forwarded-For": "203.0.113.9"})
        assert status == 429
        streams.pop().close()
        deadline = time.monotonic() + 10
        while True:
            again = live_process.stream(thread.pk)
            if again.status == 200 or time.monotonic() > deadline:
                break
            again.close()
            time.sleep(0.1)
        assert again.status == 200
        streams.append(again)
    finally:
        for stream in streams:
            stream.close()


def test_many_addresses_together_cannot_hold_more_than_the_servers_share(live_process):
    thread = thread_factory()
    streams = []
    try:
        # tests/live_settings.py: 6 per address, 10 in all. A second address is counted apart...
        for source, count in (("127.0.0.1", 6), ("127.0.0.2", 4)):
            for _ in range(count):
                streams.append(live_process.stream(thread.pk, source=source))
                assert streams[-1].status == 200, source
        # ...and a third, with room of its own, finds the server full.
        full = live_process.stream(thread.pk, source="127.0.0.3")
        assert full.status == 503 and int(full.headers["retry-after"]) > 0
        full.close()
    finally:
        for stream in streams:
            stream.close()


def test_a_held_comment_never_reaches_other_readers_streams(live_process):
    thread = thread_factory()
    stream = live_process.stream(thread.pk)
    try:
        stream.wait_for("ready")
        ModerationSettings.objects.create(mode="pre")
        moderation_rules_forget()
        held = post(thread, "A secret the moderators must read first.", name="Held")
        assert held.status == Comment.Status.PENDING
        ModerationSettings.objects.update(mode="post")
        moderation_rules_forget()
        shown = post(thread, "Posted after it, and shown.")
        words = ""
        while True:
            event = stream.wait_for("change")
            words += json.dumps(event["data"])
            if shown.pk in {c["id"] for c in event["data"]["comments"]}:
                break
        # Events keep their order: the held one would have come by now.
        assert "secret" not in words and "Held" not in words
        assert event["data"]["comment_count"] == 1
    finally:
        stream.close()


def test_a_page_with_no_origin_of_its_own_may_not_hold_connections(live_process):
    thread = thread_factory()
    # A sandboxed frame or a file: sends "null"; a header no browser writes is refused alike.
    for origin in ("null", "https://evil.example.com", "javascript:alert(1)", "http://127.0.0.1:1\r\n"):
        status, answer = get(live_process.origin + f"/live/threads/{thread.pk}", headers={"Origin": origin.strip()})
        assert status == 403, origin
        assert "access-control-allow-origin" not in {k.lower() for k in answer["headers"]}
