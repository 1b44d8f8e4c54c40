"""Time and profile the pages of the discussion benchmark in one process, without a server.

    .venv/bin/python bench/profile_first_view.py [--profile] [--index]

Fills a temporary database the way bench/discussion_speed.py does, then times each page through
Django's test client (median of several requests) and, with --profile, prints a pyinstrument
profile of the slowest one (pip install pyinstrument). With --index, times the pages again after
adding, to this temporary database only, the index that lets the page of top-level comments
walk (thread, parent, created_at) in order instead of sorting every top-level comment.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.discussion_speed import SEED, Bench, make_threads  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--index", action="store_true",
                        help="time again with an index on (thread, parent, created_at)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tribune-profile-"))
    results = tmp / "results"
    results.mkdir()
    try:
        bench = Bench(tmp=tmp, duration=0, results=results)
        ids = bench.fill_tribune(make_threads(seed=SEED))
        os.environ.setdefault("ALLOWED_HOSTS", "testserver")
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        call_command("collectstatic", interactive=False, verbosity=0)

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        t = ids["threads"]
        urls = {
            "article page, 100": f"/articles/{ids['slugs'][100]}/",
            "article page, 10,000": f"/articles/{ids['slugs'][10_000]}/",
            "API first view, 100": f"/api/v1/threads/{t[100]}/comments?sort=newest&page=1&page_size=20",
            "API first view, 10,000": f"/api/v1/threads/{t[10_000]}/comments?sort=newest&page=1&page_size=20",
            "API all, 1,000 (cached)": f"/api/v1/threads/{t[1000]}/comments/all",
        }
        slowest = _time_pages(client, urls, args.repeat)
        if args.index:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("CREATE INDEX bench_top_time_all ON discussion_comment "
                               "(thread_id, parent_id, created_at)")
            # The API keeps answers by thread version: start from an empty cache, as after a post.
            from tribune.discussion.comments.api.render import _cache

            _cache.clear()
            print("with an index on (thread, parent, created_at):")
            _time_pages(client, urls, args.repeat)
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            client.get(slowest[0])
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            from django.db import connection, reset_queries

            settings.DEBUG = True
            reset_queries()
            client.get(slowest[0])
            for q in sorted(connection.queries, key=lambda q: -float(q["time"]))[:5]:
                print(q["time"], q["sql"][:400])
    finally:
        bench.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _time_pages(client, urls: dict, repeat: int) -> tuple[str, float]:
    """Print the median and first time of each page; return the slowest (url, median)."""
    slowest = None
    for name, url in urls.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        median = statistics.median(times)
        print(f"{name:28} median {median:8.2f} ms  first {times[0]:8.2f} ms  {len(response.content):,} B")
        if slowest is None or median > slowest[1]:
            slowest = (url, median)
    return slowest


if __name__ == "__main__":
    sys.exit(main())
