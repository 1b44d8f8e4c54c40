"""Compare two or more checkouts of Tribune on posting and on all comments, in one process each.

    .venv/bin/python bench/inprocess_compare.py --also before=/tmp/tribune-start
                                                [--rounds 5] [--gets 1000] [--posts 300]
                                                [--database-url postgres://...]

Fills a database as bench/discussion_speed.py does and gives each checkout a copy; then, round
after round and in alternating order, runs each checkout in a fresh process that sends requests
through Django's WSGI handler (no HTTP server): GETs of the 1,000-comment thread's all-comments
answer, then comments posted one after another. It prints, per checkout and round, the median
wall time and CPU time of a request, and each checkout's ratio to this one. One request at a
time in one process, timed by its own thread's CPU clock: a figure that other work on a busy
machine moves far less than the request rates under load of discussion_speed.py.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.discussion_speed import POST_THREAD, SEED, Bench, _post_bodies, make_threads  # noqa: E402

# Runs in each checkout's own process, reading the JSON of what to measure from its input.
CHILD = r'''
import io, json, statistics, sys, time
import django
django.setup()
from django.conf import settings
from tribune.config.wsgi import application

job = json.loads(sys.stdin.read())
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]


def request(method, path, body=b""):
    status = []
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1",
    }
    result = application(environ, lambda s, h, *a: status.append(s))
    b"".join(result)
    getattr(result, "close", lambda: None)()
    return int(status[0].split()[0])


def timed(calls):
    walls, cpus = [], []
    for call in calls:
        wall, cpu = time.perf_counter(), time.thread_time()
        call()
        cpus.append((time.thread_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def get():
    assert request("GET", job["all"]) == 200


posts = iter(job["bodies"])


def post():
    assert request("POST", job["post"], next(posts).encode()) == 201


for _ in range(20):
    get()
for _ in range(10):
    post()
out = {"all": timed([get] * job["gets"]), "posting": timed([post] * job["posts"])}
print(json.dumps(out))
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--also", action="append", default=[], metavar="LABEL=PATH", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--gets", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tribune-compare-"))
    (tmp / "results").mkdir()
    bench = Bench(tmp=tmp, duration=0, results=tmp / "results", database_url=args.database_url)
    try:
        ids = bench.fill_tribune(make_threads(seed=SEED))
        checkouts = [("this checkout", {})]
        for item in args.also:
            label, _, path = item.partition("=")
            checkouts.append((label, bench.checkout(label, Path(path).resolve())[0]))
        top = ids["top_ids"][POST_THREAD]
        results: dict[str, list[dict]] = {label: [] for label, _ in checkouts}
        for r in range(args.rounds):
            bodies = [json.dumps({"body": c["text"] + f" (round {r}, {i})", "name": c["author"] or "Guest",
                                  "email": "", "parent_id": c["parent"]})
                      for i, c in enumerate((_post_bodies(top) * 10)[:args.posts + 10])]
            job = json.dumps({"all": f"/api/v1/threads/{ids['threads'][1000]}/comments/all",
                              "post": f"/api/v1/threads/{ids['threads'][POST_THREAD]}/comments",
                              "gets": args.gets, "posts": args.posts, "bodies": bodies})
            for label, env in checkouts if r % 2 == 0 else checkouts[::-1]:
                out = subprocess.run([sys.executable, "-c", CHILD], input=job, env={**bench.env, **env},
                                     capture_output=True, text=True, cwd=tmp)
                if out.returncode:
                    raise SystemExit(f"{label}: {out.stderr[-2000:]}")
                results[label].append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(f"round {r + 1} {label}: {results[label][-1]}", flush=True)
        _report(results)
    finally:
        bench.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _report(results: dict[str, list[dict]]) -> None:
    mine = results["this checkout"]
    print("\n| checkout | measurement | median wall ms (rounds) | median CPU ms (rounds) "
          "| CPU against this checkout, by round (median) |")
    print("|---|---|---|---|---|")
    for label, runs in results.items():
        for what in ("all", "posting"):
            walls = [run[what][0] for run in runs]
            cpus = [run[what][1] for run in runs]
            ratios = [run[what][1] / base[what][1] for run, base in zip(runs, mine, strict=True)]
            print(f"| {label} | {what} | {statistics.median(walls):.3f} "
                  f"({' / '.join(f'{x:.3f}' for x in walls)}) | {statistics.median(cpus):.3f} "
                  f"({' / '.join(f'{x:.3f}' for x in cpus)}) | "
                  f"{statistics.median(ratios):.3f}× ({' / '.join(f'{x:.3f}' for x in ratios)}) |")


if __name__ == "__main__":
    sys.exit(main())
