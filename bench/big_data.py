"""A large site on PostgreSQL: 1,000,000 comments over 10,000 articles, and what its pages cost.

    .venv/bin/python bench/big_data.py fill --database-url postgres://USER:PW@HOST/DB \
        [--name tribune_big] [--articles 10000] [--comments 1000000]
    .venv/bin/python bench/big_data.py measure --big tribune_big --small tribune_small \
        --database-url postgres://USER:PW@HOST/DB [--rounds 3]

`fill` makes (or remakes) the database NAME beside the one the URL names (the role needs
CREATEDB), migrates it, and inserts published articles with one thread each, and the same number
of comments in every thread (30 % replies to an earlier comment of their thread, Markdown bodies
of 100 to 600 characters, some non-ASCII; about 1 % waiting for review, 0.3 % held as likely
spam, 0.5 % deleted), with COPY: a million comments in a few minutes. The database is kept; it
is generated data, never committed. Fill a small one the same way (`--articles 100 --comments
10000`: the same 100 comments a thread) to compare with.

`measure` runs, in one process per database and round (alternating, so that other work on the
machine weighs on both alike), through Django's test client with production settings:
- the first view of a thread, on the article page and from the API (newest first, page 1),
  each on a different article so that no cached page answers: the median of 30;
- as a staff member: the moderation queue, the admin's comment list, the admin's comment search
  and the site's search, each the median of 5 after one request to warm up.
It prints a Markdown table of milliseconds per request, per database and round: for the staff's
pages, the wall time, this process's CPU time, the time spent waiting for SQL statements, and
the CPU time of the PostgreSQL server process that answered them (read from /proc: the server
must run on this machine). On a shared machine the CPU times and the SQL time move least.

    .venv/bin/python bench/big_data.py explain --database-url postgres://USER:PW@HOST/tribune_big

prints EXPLAIN (ANALYZE, BUFFERS) of the slowest statements of each staff page.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.discussion_speed import NAMES, _body, _PostgresDatabase  # noqa: E402
from bench.proc import process_cpu_seconds  # noqa: E402

# Share of comments in each status other than visible (the rest are visible).
PENDING, SPAM, DELETED = 0.01, 0.003, 0.005
# Distinct bodies rendered once and drawn from: rendering a million costs minutes and reads
# measure nothing that a pool of this size does not.
BODIES = 5000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fill = sub.add_parser("fill")
    fill.add_argument("--database-url", required=True)
    fill.add_argument("--name", default="tribune_big")
    fill.add_argument("--articles", type=int, default=10_000)
    fill.add_argument("--comments", type=int, default=1_000_000)
    measure = sub.add_parser("measure")
    measure.add_argument("--database-url", required=True)
    measure.add_argument("--big", default="tribune_big")
    measure.add_argument("--small", default="tribune_small")
    measure.add_argument("--rounds", type=int, default=3)
    measure.add_argument("--child", default="", help=argparse.SUPPRESS)
    explain = sub.add_parser("explain")
    explain.add_argument("--database-url", required=True, help="the database itself (not beside it)")
    explain.add_argument("--top", type=int, default=3, help="plans printed per page, slowest first")
    args = parser.parse_args()
    if args.command == "fill":
        return _fill(args)
    if args.command == "explain":
        return _explain(args)
    if args.child:
        return _measure_child(args)
    return _measure(args)


def _setup(url: str) -> None:
    var = Path(tempfile.mkdtemp(prefix="tribune-big-"))
    os.environ.update({
        "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings", "TRIBUNE_VAR_DIR": str(var),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50), "LOG_LEVEL": "WARNING",
        "TZ": "UTC",
    })
    import django

    django.setup()


def _fill(args) -> int:
    from tribune.operations.tests.helpers import database_drop

    base, _, _ = args.database_url.rpartition("/")
    database_drop(args.database_url, args.name)
    database = _PostgresDatabase(args.database_url, name=args.name)
    _setup(database.url)
    from django.core.management import call_command
    from django.db import connection, transaction
    from tribune.core.text import COMMENT, render_markdown
    from tribune.discussion.comments.models import Comment, Thread
    from tribune.discussion.comments.models.comments import body_digest
    from tribune.newsroom.models import Article
    from tribune.newsroom.paragraphs import article_body_render

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(20261202)
    now = datetime.now(UTC)
    body = "A benchmark article about the council's budget.\n\nIts comments follow."
    body_html = article_body_render(body)
    articles = [Article(headline=f"Council budget story {i}", slug=f"story-{i}", body=body,
                        body_html=body_html, status=Article.Status.PUBLISHED,
                        published_at=now - timedelta(days=400) + timedelta(minutes=50 * i))
                for i in range(args.articles)]
    with transaction.atomic():
        Article.objects.bulk_create(articles, batch_size=2000)
        threads = Thread.objects.bulk_create([Thread(article=a) for a in articles], batch_size=2000)
    print(f"{args.articles:,} articles and threads in {time.perf_counter() - started:.1f} s", flush=True)

    pool = []
    for _ in range(BODIES):
        text = _body(rng)
        pool.append((text, render_markdown(text, profile=COMMENT), body_digest(text)))
    fields = [f for f in Comment._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    per_thread = args.comments // args.articles
    defaults = {f.attname: f.get_default() for f in fields}
    readers = [secrets.token_hex(32) for _ in range(50_000)]
    start = now - timedelta(days=400)
    step = timedelta(days=399) / args.comments
    next_id = 1
    copied = 0
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {Comment._meta.db_table} ({columns}) FROM STDIN") as copy:  # noqa: S608
        for t, thread in enumerate(threads):
            ids, roots = [], []
            for i in range(per_thread):
                comment_id = next_id
                next_id += 1
                parent = ids[rng.randrange(i)] if i and rng.random() < 0.30 else None
                root = roots[ids.index(parent)] if parent is not None else comment_id
                ids.append(comment_id)
                roots.append(root)
                text, html, digest = pool[rng.randrange(BODIES)]
                draw = rng.random()
                status = ("pending" if draw < PENDING + SPAM else "deleted"
                          if draw < PENDING + SPAM + DELETED else "visible")
                created = start + step * (t + i * args.articles)
                reader = rng.choice(readers)
                email = rng.choice(["", "", f"r{reader[:8]}@example.org"])
                kept = status != "deleted"
                row = dict(defaults)
                row.update(
                    id=comment_id, created_at=created, updated_at=created, thread_id=thread.pk,
                    parent_id=parent, root_id=root, user_id=None, anchor_id=None,
                    guest_name=rng.choice(NAMES), guest_email=email, guest_key_hash=reader,
                    address_hash=reader[::-1], body=text if kept else "", body_digest=digest if kept else "",
                    body_html=html if kept else "", status=status, edited_at=None,
                    moderation_reason="Held for review: a new guest's first comment."
                    if status == "pending" else "",
                    likely_spam=status == "pending" and draw < SPAM,
                )
                copy.write_row([row[f.attname] for f in fields])
                copied += 1
            if t % 1000 == 999:
                print(f"{copied:,} comments ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{Comment._meta.db_table}', 'id'), %s)",
                       [next_id])
        cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    print(f"{database.name}: {args.articles:,} articles, {copied:,} comments in {elapsed:.0f} s")
    return 0


# The staff's pages measured, each by its label.
STAFF_PAGES = {
    "moderation queue (pending)": "/moderation/",
    "moderation queue (likely spam)": "/moderation/queue/spam/",
    "admin: comment list": "/admin/discussion/comment/",
    "admin: comment list, pending": "/admin/discussion/comment/?status__exact=pending",
    # Words in about 40 % of the generated comments, then a word in none.
    "admin: comment search": "/admin/discussion/comment/?q=library+bridge",
    "admin: comment search, no match": "/admin/discussion/comment/?q=zeppelin",
    "site search": "/search/?q=council+budget",
}


# -- measuring ------------------------------------------------------------------------------------

def _measure(args) -> int:
    base, _, _ = args.database_url.rpartition("/")
    results: dict[str, list[dict]] = {args.small: [], args.big: []}
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    for r in range(args.rounds):
        order = [args.small, args.big] if r % 2 == 0 else [args.big, args.small]
        for name in order:
            out = subprocess.run(
                [sys.executable, __file__, "measure", "--database-url", f"{base}/{name}", "--child", name],
                check=True, capture_output=True, text=True, cwd=REPO)
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            results[name].append(figures)
            print(f"round {r + 1} {name}: {figures}", flush=True)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    keys = list(results[args.big][0])
    print(f"\n| measurement | {args.small}, ms (rounds) | {args.big}, ms (rounds) | big ÷ small |")
    print("|---|---|---|---|")
    for key in keys:
        small = [f[key] for f in results[args.small]]
        big = [f[key] for f in results[args.big]]
        ms, mb = statistics.median(small), statistics.median(big)
        print(f"| {key} | {ms:.1f} ({' / '.join(f'{x:.1f}' for x in small)}) | "
              f"{mb:.1f} ({' / '.join(f'{x:.1f}' for x in big)}) | {mb / ms:.2f}× |")
    return 0


def _measure_child(args) -> int:
    _setup(args.database_url)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from tribune.discussion.comments.models import Thread

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # No collected static files in the temporary folder: plain names instead of the manifest's.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    rng = random.Random(5)
    threads = list(Thread.objects.filter(article__isnull=False).select_related("article")
                   .order_by("id").values_list("id", "article__slug"))
    picked = rng.sample(threads, min(61, len(threads)))
    client = Client(secure=True)
    connection.ensure_connection()
    backend = _backend_pid()

    cpu: dict[str, list[float]] = {}
    sql: dict[str, list[float]] = {}
    server: dict[str, list[float]] = {}
    statements: list[float] = []

    def statement_timed(execute, query, params, many, context):
        # Each statement's wait as this process sees it: the server's work and the round trip.
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            statements.append((time.perf_counter() - started) * 1000)

    def timed(path: str, **extra) -> float:
        statements.clear()
        started_server = _process_cpu(backend)
        started, started_cpu = time.perf_counter(), time.thread_time()
        with connection.execute_wrapper(statement_timed):
            response = client.get(path, **extra)
        elapsed = (time.perf_counter() - started) * 1000
        cpu.setdefault(path, []).append((time.thread_time() - started_cpu) * 1000)
        sql.setdefault(path, []).append(sum(statements))
        server.setdefault(path, []).append(_process_cpu(backend) - started_server)
        assert response.status_code == 200, (path, response.status_code)
        return elapsed

    # The first request of a process pays for imports and connections: not counted.
    timed(f"/articles/{picked[-1][1]}/")
    figures = {
        "first view, article page (uncached)": statistics.median(
            timed(f"/articles/{slug}/") for _, slug in picked[:30]),
        "first view, API newest 20 (uncached)": statistics.median(
            timed(f"/api/v1/threads/{thread_id}/comments?sort=newest&page=1&page_size=20")
            for thread_id, _ in picked[30:60]),
    }
    client.force_login(_staff())
    for label, path in STAFF_PAGES.items():
        timed(path)
        figures[label] = statistics.median(timed(path) for _ in range(5))
        # This process's own CPU time: what the machine's other work moves least.
        figures[f"{label}, Tribune's CPU"] = statistics.median(cpu[path][1:])
        # The time spent waiting for the database's answers (all statements of the request).
        figures[f"{label}, SQL"] = statistics.median(sql[path][1:])
        # The database server process's CPU time: /proc counts it in ticks of 10 ms, so the mean.
        figures[f"{label}, PostgreSQL's CPU"] = statistics.mean(server[path][1:])
    print(json.dumps(figures))
    return 0


def _staff():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="bench-staff").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-staff", "staff@example.org",
                                                         secrets.token_urlsafe(16))
    return user


def _explain(args) -> int:
    """Print EXPLAIN ANALYZE of every statement of each staff page, slowest first."""
    _setup(args.database_url)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client = Client(secure=True)
    client.force_login(_staff())
    for label, path in STAFF_PAGES.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        plans = []
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                lines = [row[0] for row in cursor.fetchall()]
            took = float(lines[-1].split(":")[1].split()[0])
            plans.append((took, sql, lines))
        total = sum(took for took, _, _ in plans)
        print(f"\n## {label} ({path}): {len(plans)} statements, {total:.1f} ms executing")
        for took, sql, lines in sorted(plans, key=lambda p: -p[0])[:args.top]:
            print(f"\n{took:.1f} ms: {sql[:300]}")
            print("\n".join(f"    {line}" for line in lines))
    return 0


def _backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _process_cpu(pid: int) -> float:
    """Return the CPU time (user and system, ms) of a process of this machine."""
    return process_cpu_seconds(pid) * 1000


if __name__ == "__main__":
    sys.exit(main())
