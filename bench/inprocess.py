"""Time each benchmark page inside one process (no HTTP server, no concurrency).

    TRIBUNE_VAR_DIR=/tmp/tribune-bench .venv/bin/python bench/inprocess.py

Less sensitive than wrk to other work on the machine: the median of 50 requests through
Django's test client, and the queries each one makes.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tribune.config.settings.base")


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    article = re.search(r'href="(/articles/[^"]+/)"', client.get("/").content.decode()).group(1)
    session = {"HTTP_COOKIE": "sessionid=x"}  # never served from the cache
    cases = [("front page (cached)", "/", {}), ("front page, page 200 (cached)", "/?page=200", {}),
             ("front page, session cookie (rendered each time)", "/", session),
             ("front page, page 200, session cookie (rendered each time)", "/?page=200", session),
             ("article page (cached)", article, {}),
             ("article page, session cookie (rendered each time)", article, session),
             ("search, words in nearly every article", "/search/?q=drought+harvest", {}),
             ("search, a rare word", "/search/?q=ceasefire+1234", {})]
    print("| page | median ms | queries |")
    print("|---|---:|---:|")
    for name, url, headers in cases:
        # A fresh client per case: the session cookie cases must not leave cookies for the next.
        client = Client(HTTP_HOST="127.0.0.1")
        client.get(url, **headers)
        timings = []
        for _ in range(50):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, **headers)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"| {name} | {statistics.median(timings):.1f} | {len(queries)} |")


if __name__ == "__main__":
    main()
