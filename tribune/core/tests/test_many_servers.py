"""Three `tribune serve` processes and two workers behind nginx, on one PostgreSQL database and one
shared cache (Redis or Valkey): posting through all of them stores every comment once, votes stay
exact, each notification goes out once (a real SMTP server), and a server killed with SIGKILL in
the middle of the load loses nothing it acknowledged."""

import json
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from http.client import HTTPException

import pytest

from tribune.operations.tests.helpers import Site, http, start, stop, wait_until

from .services import SEED_ARTICLE, Nginx, RedisServer, TribuneServer, tribune_shell

pytestmark = [
    # Many servers share a PostgreSQL database; SQLite is one machine's database. The PostgreSQL
    # pass of the suite (DATABASE_URL=postgres://...) runs it, in a database of its own.
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
                       reason="runs on PostgreSQL (DATABASE_URL)"),
]

COMMENTS = 45
VOTERS = 12
FOLLOWER = "follower@example.org"

SEED = f"""
from django.contrib.auth import get_user_model
from tribune.discussion.comments.identity import Reader
from tribune.discussion.notifications.services.subscriptions import subscription_create
exec(SEED_ARTICLE)
user = get_user_model().objects.create_user(username="follower", email="{FOLLOWER}", password="pw-long-enough-1")
subscription_create(thread=thread, reader=Reader(user=user), kinds=["thread"])
print(article.get_absolute_url(), thread.pk)
"""


@pytest.fixture
def cluster(tmp_path, smtp):
    with ExitStack() as cleanup:
        redis = RedisServer(tmp_path / "redis").start()
        cleanup.callback(redis.stop)
        nginx = Nginx(tmp_path / "nginx", upstreams=[])
        # Two proxies of the site's own: the client's address is the one the test sends as a CDN would.
        site = Site(tmp_path / "site", DJANGO_SETTINGS_MODULE="tribune.config.settings.base", LOG_LEVEL="WARNING",
                    CACHE_URL=redis.url, PROXY_COUNT=2, EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
                    HTTP_CACHE_SECONDS=60, HTTP_PURGE_URL=f"http://127.0.0.1:{nginx.port}{{path}}",
                    HTTP_PURGE_TOKEN=nginx.secret)
        cleanup.callback(site.drop)
        site.tribune("migrate", "--no-input")
        seeded = tribune_shell(site.env, f"SEED_ARTICLE = {SEED_ARTICLE!r}\n{SEED}").splitlines()[-1]
        path, thread_id = seeded.split()
        # Each server as on a machine of its own: its own folder (static files, metrics).
        servers = [TribuneServer({**site.env, "TRIBUNE_VAR_DIR": str(tmp_path / f"server{number}")},
                                 workers=1, threads=4) for number in range(3)]
        nginx.upstreams = [server.port for server in servers]
        nginx.start()
        cleanup.callback(nginx.stop)
        for server in servers:
            server.start(wait=False)
            cleanup.callback(server.stop)
        for server in servers:
            server.wait()
        for _ in range(2):
            worker = start("worker", "--no-startup-delay", "--interval", "0.1", env=site.env)
            cleanup.callback(stop, worker)
        yield site, servers, nginx, path, int(thread_id), smtp


def post(nginx, thread_id: int, body: str, address: str):
    try:
        status, _headers, answer = http(
            f"{nginx.url}/api/v1/threads/{thread_id}/comments", method="POST", timeout=0,
            data=json.dumps({"body": body, "name": "Reader"}).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": address})
    except (OSError, HTTPException):
        # No answer, or one cut off when its server died: not acknowledged.
        return None
    return json.loads(answer)["comment"]["id"] if status == 201 else None


def vote(nginx, comment_id: int, key: str, address: str) -> int:
    try:
        return http(f"{nginx.url}/api/v1/comments/{comment_id}/vote", method="POST", timeout=0,
                    data=json.dumps({"value": 1}).encode(),
                    headers={"Content-Type": "application/json", "X-Guest-Key": key,
                             "X-Forwarded-For": address})[0]
    except (OSError, HTTPException):
        return 0


def test_three_servers_store_each_comment_once_and_a_killed_one_loses_nothing_acknowledged(cluster):
    site, servers, nginx, _path, thread_id, inbox = cluster
    acknowledged: dict[str, int] = {}
    lock = threading.Lock()

    def one(number: int):
        body = f"Comment {number} from reader {number} {secrets.token_hex(4)}"
        comment_id = post(nginx, thread_id, body, f"198.51.100.{number + 1}")
        if comment_id is not None:
            with lock:
                acknowledged[body] = comment_id
        if number == COMMENTS // 3:
            # Mid-load: one server dies at once, its requests in flight with it.
            servers[1].kill()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(one, range(COMMENTS)))

    stored = site.query(f"SELECT id, body FROM discussion_comment WHERE thread_id = {thread_id}")  # noqa: S608
    bodies = [body for _id, body in stored]
    # Every acknowledged comment is there, once, under the id it was acknowledged with.
    for body, comment_id in acknowledged.items():
        assert bodies.count(body) == 1, body
        assert (comment_id, body) in stored
    # Nothing is stored twice, acknowledged or not.
    assert len(bodies) == len(set(bodies))
    assert len(acknowledged) >= COMMENTS * 2 // 3
    # The thread's count, kept by each post in its own transaction, is the comments stored.
    assert site.query(f"SELECT published_count FROM discussion_thread WHERE id = {thread_id}") == [  # noqa: S608
        (len(stored),)]

    # Votes: each voter twice, at once, through the two servers left: one vote each.
    target = next(iter(acknowledged.values()))
    voters = [(secrets.token_urlsafe(32), f"203.0.113.{n + 1}") for n in range(VOTERS)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda voter: vote(nginx, target, *voter), voters * 2))
    assert statuses.count(200) >= VOTERS
    assert site.query(f"SELECT upvotes FROM discussion_comment WHERE id = {target}") == [(VOTERS,)]  # noqa: S608

    # Readers get the thread from nginx's cache, and it shows every acknowledged comment and vote
    # (each change purged it, through whichever worker took the purge).
    def served_whole_from_cache():
        status, headers, answer = http(f"{nginx.url}/api/v1/threads/{thread_id}/comments/all")
        shown = {comment["id"]: comment for comment in json.loads(answer)["comments"]}
        return (headers["X-Proxy-Cache"] == "HIT" and set(acknowledged.values()) <= set(shown)
                and shown[target]["upvotes"] == VOTERS)

    wait_until(served_whole_from_cache, timeout=10, what="nginx to serve the whole thread from its cache")

    # The follower hears of each stored comment once, though two workers share the queue.
    inbox.wait_for(len(stored), timeout=120)
    time.sleep(2)
    mails = [message.get_body(("plain",)).get_content() for message in inbox.to(FOLLOWER)]
    for body in bodies:
        assert sum(body in mail for mail in mails) == 1, body
    assert len(mails) == len(stored)
