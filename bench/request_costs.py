"""What each request costs in CPU time: a page view, an API read, a post, an email.

    .venv/bin/python bench/request_costs.py [--database-url postgres://USER:PW@HOST/DB] [--repeat 200]

Fills a fresh database as bench/discussion_speed.py does (SQLite in a temporary folder, or a
new PostgreSQL database beside the one named, dropped at the end), then, in this one process
with the production settings, sends requests through Django's test client one at a time and
prints, for each kind, the median CPU time of Tribune's thread (time.thread_time) and, on
PostgreSQL, of the database's server process for this connection (read from /proc, so the
database must run on this machine): the two figures that size a machine, and that other work on
a busy machine moves far less than wall time. Cached reads are timed as a reader meets them
(the second and later views); "uncached" ones after dropping the cache before each request.

An email is a reply notification: a registered reader's comment, a guest's reply to it, the
announcement task that queues the email and the send, through Django's SMTP backend to a local
aiosmtpd server (its CPU is not counted).
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.discussion_speed import POST_THREAD, SEED, Bench, _free_port, _post_bodies, make_threads  # noqa: E402
from bench.proc import process_cpu_seconds  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tribune-costs-"))
    (tmp / "results").mkdir()
    bench = Bench(tmp=tmp, duration=0, results=tmp / "results", database_url=args.database_url)
    try:
        ids = bench.fill_tribune(make_threads(seed=SEED))
        print(json.dumps(_measure(ids, args.repeat, postgresql=bool(args.database_url)), indent=1))
    finally:
        bench.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _measure(ids: dict, repeat: int, *, postgresql: bool) -> dict:
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client = Client(secure=True)
    connection.ensure_connection()
    backend = _backend_pid(connection) if postgresql else None

    def server_cpu() -> float:
        return 0.0 if backend is None else process_cpu_seconds(backend) * 1000

    def cost(run, n, *, fresh=False) -> dict:
        # Run i + 1 for i in range(n), after run 0 to warm up (each post and email its own).
        run(0)
        own = []
        started_server = server_cpu()
        for i in range(n):
            if fresh:
                for cache in caches.all():
                    cache.clear()
            started = time.thread_time()
            run(i + 1)
            own.append((time.thread_time() - started) * 1000)
        # The server process's clock ticks every 10 ms: only its total over the run is exact.
        return {"Tribune CPU ms (median)": round(statistics.median(own), 3),
                "Tribune CPU ms (mean)": round(statistics.mean(own), 3),
                "PostgreSQL CPU ms (mean)":
                    round((server_cpu() - started_server) / n, 3) if backend else None}

    def get(path):
        def run(*_):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        return run

    slug, thread_id = ids["slugs"][1000], ids["threads"][1000]
    api = f"/api/v1/threads/{thread_id}/comments?sort=newest&page=1&page_size=20"
    figures = {
        "page view, article with 1,000 comments (cached)": cost(get(f"/articles/{slug}/"), repeat),
        "page view, article with 1,000 comments (uncached)": cost(get(f"/articles/{slug}/"), repeat // 4,
                                                                 fresh=True),
        "front page (cached)": cost(get("/"), repeat),
        "API read, newest 20 of 1,000 (cached)": cost(get(api), repeat),
        "API read, newest 20 of 1,000 (uncached)": cost(get(api), repeat // 4, fresh=True),
        "API read, all 1,000 comments (cached)":
            cost(get(f"/api/v1/threads/{thread_id}/comments/all"), repeat),
    }
    post_thread = ids["threads"][POST_THREAD]
    bodies = [json.dumps({"body": c["text"] + f" ({i})", "name": c["author"], "email": c["email"],
                          "parent_id": c["parent"]})
              for i, c in enumerate(_post_bodies(ids["top_ids"][POST_THREAD]) * 4)]

    def post(i=0):
        response = client.post(f"/api/v1/threads/{post_thread}/comments", bodies[i],
                               content_type="application/json")
        assert response.status_code == 201, response.content

    figures["post a comment"] = cost(post, min(repeat, len(bodies) - 2))
    figures["email (reply notification: announce, queue, send by SMTP)"] = _email_cost(cost, repeat // 4)
    return figures


def _email_cost(cost, n) -> dict:
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from tribune.discussion.comments.identity import Reader
    from tribune.discussion.comments.models import Thread
    from tribune.discussion.comments.services import comment_post
    from tribune.discussion.notifications.services.deliveries import comment_deliveries_create, delivery_send

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        from django.contrib.auth import get_user_model

        thread = Thread.objects.exclude(article=None).first()
        users = [get_user_model().objects.create_user(f"costs{i}", f"costs{i}@example.org", "x" * 20)
                 for i in range(n + 2)]
        # Each registered author hears about the first reply to their comment.
        parents = [comment_post(thread=thread, body=f"A point worth answering ({i}).", reader=Reader(user=u))
                   for i, u in enumerate(users)]
        replies = [comment_post(thread=thread, body=f"An answer ({i}).", reader=Reader(), guest_name="Guest",
                                parent_id=p.pk) for i, p in enumerate(parents)]

        def send(i=0):
            for delivery_id in comment_deliveries_create(comment=replies[i]):
                delivery_send(delivery_id=delivery_id)

        return cost(send, n)
    finally:
        controller.stop()


def _backend_pid(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    os.environ.setdefault("TZ", "UTC")
    sys.exit(main())
