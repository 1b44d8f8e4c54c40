"""Time and profile posting a comment through the API in one process, without a server.

    .venv/bin/python bench/profile_posting.py [--posts 300] [--profile] [--queries] [--functions N]
                                              [--database-url postgres://...]

Fills a temporary database the way bench/discussion_speed.py does, then posts comments to the
posting thread through Django's WSGI handler (the production middleware stack, the fast paths
included) one after another, and prints the median time of a post. With --profile, prints a
pyinstrument profile of the run (pip install pyinstrument); with --functions N, the N functions
with the most time of their own (cProfile); with --queries, the SQL of one post.
"""

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.discussion_speed import (  # noqa: E402
    POST_THREAD,
    SEED,
    Bench,
    _post_bodies,
    _postgres_cpu_seconds,
    make_threads,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--functions", type=int, default=0,
                        help="print the N functions with the most time of their own (cProfile)")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL URL whose role may create databases (as discussion_speed.py)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tribune-profile-"))
    results = tmp / "results"
    results.mkdir()
    try:
        bench = Bench(tmp=tmp, duration=0, results=results, database_url=args.database_url)
        ids = bench.fill_tribune(make_threads(seed=SEED))
        from django.conf import settings
        from tribune.config.wsgi import application

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
        thread_id = ids["threads"][POST_THREAD]
        bodies = [json.dumps({"body": c["text"] + f" ({i})", "name": c["author"], "email": c["email"],
                              "parent_id": c["parent"]}).encode()
                  for i, c in enumerate(_post_bodies(ids["top_ids"][POST_THREAD]) * 10)]
        path = f"/api/v1/threads/{thread_id}/comments"

        def post(i: int) -> int:
            status = []
            environ = {
                "REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "",
                "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
                "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": "application/json",
                "CONTENT_LENGTH": str(len(bodies[i])), "wsgi.input": io.BytesIO(bodies[i]),
                "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1",
            }
            result = application(environ, lambda s, h, *a: status.append(s))
            b"".join(result)
            getattr(result, "close", lambda: None)()
            return int(status[0].split()[0])

        for i in range(10):  # warm up
            assert post(i) == 201, post(i)
        times = []
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002)
            profiler.start()
        elif args.functions:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        cpu, db_cpu = time.process_time(), _postgres_cpu_seconds()
        for i in range(10, 10 + args.posts):
            start = time.perf_counter()
            code = post(i)
            times.append((time.perf_counter() - start) * 1000)
            assert code == 201, code
        cpu, db_cpu = time.process_time() - cpu, _postgres_cpu_seconds() - db_cpu
        if args.profile:
            profiler.stop()
        elif args.functions:
            profiler.disable()
        print(f"post: median {statistics.median(times):.2f} ms, mean {statistics.mean(times):.2f} ms "
              f"over {len(times)} posts ({1000 / statistics.mean(times):.0f} posts/s in one thread); "
              f"CPU {cpu * 1000 / args.posts:.2f} ms per post"
              + (f" + PostgreSQL {db_cpu * 1000 / args.posts:.2f}" if args.database_url else ""))
        if args.functions:
            import pstats

            stats = pstats.Stats(profiler).sort_stats("tottime")
            stats.print_stats(args.functions)
            if os.environ.get("CALLERS"):
                stats.print_callers(os.environ["CALLERS"])
        elif profiler:
            print(profiler.output_text(unicode=True, color=False, show_all=bool(os.environ.get("SHOW_ALL"))))
        if args.queries:
            from django.db import connection, reset_queries

            settings.DEBUG = True
            reset_queries()
            post(10 + args.posts)
            for q in connection.queries:
                print(f"{q['time']:>6} {q['sql'][:300]}")
            print(len(connection.queries), "queries")
    finally:
        bench.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TZ", "UTC")
    sys.exit(main())
