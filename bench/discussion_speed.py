"""Discussion speed: Tribune against Isso and against nginx serving a file, on loopback.

    .venv/bin/python bench/discussion_speed.py [--duration 5] [--rounds 3] [--threads 1,4]
                                               [--isso-venv /tmp/isso-venv] [--results DIR]
                                               [--only TEXT ...] [--also LABEL=PATH ...]

Fills a temporary database with threads of 100, 1,000 and 10,000 comments (30 % replies, bodies
of 100 to 600 characters, some non-ASCII) plus a fourth thread of 100 that takes the posted
comments, starts `tribune serve` (gunicorn: sync workers, or gthread ones with WEB_THREADS > 1)
on 127.0.0.1 and measures with wrk, all servers up side by side and the tests taking turns over
several rounds:
the first view (article page and API), every comment of the 1,000 thread in one API answer, and
comments posted per second, then counts the stored rows. The same comments go into Isso (Disqus
XML import, served by gunicorn as Isso's documentation recommends) and the same reads and posts
are measured there. nginx serves Tribune's exact all-comments answer from a file: the limit for a
read. Prints a Markdown report and writes it, with the raw wrk output, to the results folder.

`--also before=/tmp/tribune-start` measures, in the same run, Tribune's code from another
checkout (an earlier commit, a trial change) on a copy of the same database, side by side with
this one, and reports each test's ratio between the two round by round.

Isso needs its own virtualenv: python3 -m venv /tmp/isso-venv && /tmp/isso-venv/bin/pip install isso gunicorn
Everything runs in a temporary folder; every process started is stopped at the end.
"""

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

# Filled in by the posting script with a number of its own per request (see post_script).
UNIQUE = " ({{N}})"
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.proc import processes_cpu_seconds  # noqa: E402

SIZES = (100, 1000, 10_000)
POST_THREAD = "post"
# The comments every run generates, so that runs compare.
SEED = 20261125
WRK = shutil.which("wrk") or "/usr/bin/wrk"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONNECTIONS = 16
WRK_THREADS = 2

WORDS = (
    "the council budget vote school reporters library river housing transit bridge mayor "
    "volunteers funding report question answer thanks because however residents meeting "
    "evidence story local paper editor correction data numbers clear agree disagree week "
    "neighbourhood park crossing bus rent wages tax hospital clinic night shift market"
).split()
NON_ASCII = ("café", "naïve", "Zürich", "façade", "São Paulo", "Łódź", "smörgåsbord", "日本語の記事",
             "Ελληνικά", "привет", "مرحبا", "😀", "👍🏽", "€12,50", "—", "“quoted”")
NAMES = ("Ana", "José Álvarez", "Zoë", "Søren", "Mika", "Li Wei", "Ngozi", "Ольга", "Tom", "Priya",
         "Jean-Luc", "Fatma Yılmaz", "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each test, taking turns; the report keeps the median (default 3)")
    parser.add_argument("--threads", default="1,4", help="WEB_THREADS values to try (default 1,4)")
    parser.add_argument("--workers", type=int, default=2, help="WEB_CONCURRENCY (default 2)")
    parser.add_argument("--isso-venv", default="/tmp/isso-venv",
                        help="virtualenv with isso and gunicorn; empty: leave Isso out")
    parser.add_argument("--servers", default="sync",
                        help="how Tribune is served, comma-separated: sync (`tribune serve`, gunicorn's "
                             "WSGI workers), asgi (gunicorn with uvicorn workers running Django's ASGI "
                             "application, as a one-port server with live updates would) (default sync)")
    parser.add_argument("--results", default=str(REPO / "bench" / "results"),
                        help="folder for the report and raw wrk output")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL URL whose role may create databases: Tribune then runs on a "
                             "fresh database made there (and dropped after), instead of SQLite")
    parser.add_argument("--only", action="append", default=[],
                        help="measure only the tests whose name contains this text (e.g. posting); "
                             "repeat it for several")
    parser.add_argument("--also", action="append", default=[], metavar="LABEL=PATH",
                        help="also measure the Tribune code of the checkout at PATH (e.g. "
                             "before=/tmp/tribune-start), on a copy of the same database; repeatable")
    args = parser.parse_args()

    # A plain `kill` (or `timeout`) must still stop the servers: make it run the finally below.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    tmp = Path(tempfile.mkdtemp(prefix="tribune-bench-"))
    results = Path(args.results)
    results.mkdir(parents=True, exist_ok=True)
    also = []
    for item in args.also:
        label, _, path = item.partition("=")
        if not label or not (Path(path) / "tribune" / "cli.py").is_file():
            parser.error(f"--also {item!r}: give LABEL=PATH, PATH a checkout of Tribune")
        also.append((label, Path(path).resolve()))
    bench = Bench(tmp=tmp, duration=args.duration, results=results, database_url=args.database_url)
    try:
        bench.run(threads=[int(t) for t in args.threads.split(",")], workers=args.workers,
                  isso_venv=Path(args.isso_venv) if args.isso_venv else None, rounds=args.rounds,
                  only=args.only, also=also, servers=args.servers.split(","))
    finally:
        bench.stop_all()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}", file=sys.stderr)
    return 0


class Bench:
    def __init__(self, *, tmp: Path, duration: int, results: Path, database_url: str = ""):
        self.tmp = tmp
        self.duration = duration
        self.results = results
        self.procs: list[subprocess.Popen] = []
        # The session of each server's processes, by its "http://host:port": their CPU time.
        self.sessions: dict[str, int] = {}
        self.rows: list[dict] = []
        self.notes: list[str] = []
        self.raw = open(results / "wrk-raw.txt", "w", encoding="utf-8")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(REPO),
            "TRIBUNE_VAR_DIR": str(tmp / "var"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LOG_LEVEL": "WARNING",
            "TZ": "UTC",
        }
        self.pg = None
        # The databases of the other checkouts measured (--also), dropped at the end.
        self.copies: list[_PostgresDatabase] = []
        if database_url:
            self.pg = _PostgresDatabase(database_url)
            self.env["DATABASE_URL"] = self.pg.url

    # -- the run ------------------------------------------------------------------------------

    def run(self, *, threads: list[int], workers: int, isso_venv: Path | None, rounds: int,
            only: list[str] = (), also: list[tuple[str, Path]] = (), servers: tuple = ("sync",)) -> None:
        started = time.time()
        self.load_before = _loadavg()
        data = make_threads(seed=SEED)
        t0 = time.time()
        ids = self.fill_tribune(data)
        self.note(f"Tribune fill: {sum(len(c) for c in data.values())} comments in "
                  f"{time.time() - t0:.1f} s (bulk insert, body_html from render_markdown)")
        if isso_venv is not None:
            t0 = time.time()
            isso_ids = self.fill_isso(data, isso_venv)
            self.note(f"Isso import (isso import -t disqus): {time.time() - t0:.1f} s")

        # Every server runs for the whole measurement and the tests take turns, round after round:
        # other work on the machine then weighs on every figure alike.
        tests = []
        checkouts = [("", {}, self._db())] + [(label, *self.checkout(label, path)) for label, path in also]
        for web_threads in threads if "sync" in servers else ():
            # `tribune serve` runs gunicorn's sync worker for one thread, gthread for more.
            worker = "sync" if web_threads == 1 else "gthread"
            each = []
            for label, env, db in checkouts:
                base = self.start_tribune(workers=workers, web_threads=web_threads, env=env,
                                          tag=f"{label}-{web_threads}")
                system = (f"Tribune{f' {label}' if label else ''} ({workers}×{web_threads} {worker}"
                          f"{', PostgreSQL' if self.pg else ''})")
                each.append(self.tribune_tests(system, base, ids, f"tribune-{label}-{web_threads}", db))
            # The checkouts' runs of one test follow each other, so that they compare under
            # the same load.
            tests += [t for same in zip(*each, strict=True) for t in same]
        if "asgi" in servers:
            base = self.start_tribune_asgi(workers=workers)
            system = f"Tribune ({workers}×uvicorn ASGI{', PostgreSQL' if self.pg else ''})"
            tests += self.tribune_tests(system, base, ids, "tribune-asgi", self._db())
        all_body = next(t["body"] for t in tests if t["what"].startswith("all"))
        url = self.start_nginx(all_body)
        tests.append(_test("nginx (static file)", "all 1,000 comments, the same bytes", url,
                           check=f"{len(all_body):,} B", idle=url))
        if isso_venv is not None:
            tests += self.isso_tests(self.start_isso(isso_venv), isso_ids)
        tests = [t for t in tests if not only or any(o in t["what"] for o in only)]
        self.note(f"load average (1, 5, 15 min) before the runs: {_loadavg()}")
        self.serial_all(tests)
        self.measure(tests, rounds=rounds, duration=self.duration)
        self.load_after = _loadavg()
        self.note(f"load average (1, 5, 15 min) at the start: {self.load_before}, "
                  f"at the end: {self.load_after}")
        self.note(f"total run time {time.time() - started:.0f} s")
        self.report()

    def note(self, text: str) -> None:
        print(f"# {text}", flush=True)
        self.notes.append(text)

    # -- filling --------------------------------------------------------------------------------

    def fill_tribune(self, data: dict) -> dict:
        """Migrate a fresh database and insert the comments; return the ids the run needs."""
        (self.tmp / "var").mkdir()
        subprocess.run([sys.executable, "-m", "tribune.cli", "migrate", "-v", "0"], env=self.env,
                       check=True, cwd=REPO)
        os.environ.update({k: v for k, v in self.env.items() if k != "PYTHONPATH"})
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from django.db import connections, transaction
        from tribune.core.text import COMMENT, render_markdown
        from tribune.discussion.comments.models import Comment
        from tribune.discussion.comments.services.threads import thread_for_article_get_or_create
        from tribune.discussion.moderation.models import ModerationSettings
        from tribune.newsroom.models import Article
        from tribune.newsroom.services.articles import article_create

        # Every posted comment comes from 127.0.0.1: without this the flood rule would hold all
        # but the first few for review, and held comments skip the work a published one does.
        ModerationSettings.objects.create(flood_limit=10_000_000)
        out = {"threads": {}, "slugs": {}, "top_ids": {}}
        next_id = 1
        for key, comments in data.items():
            article = article_create(headline=f"Benchmark article {key}", slug=f"bench-{key}",
                                     body="A benchmark article.\n\nIts comments follow.",
                                     status=Article.Status.PUBLISHED,
                                     publish_at=datetime.now(UTC) - timedelta(days=31))
            thread = thread_for_article_get_or_create(article=article)
            ids = list(range(next_id, next_id + len(comments)))
            next_id += len(comments)
            rows = []
            for i, c in enumerate(comments):
                parent = ids[c["parent"]] if c["parent"] is not None else None
                root = ids[c["root"]]
                rows.append(Comment(
                    id=ids[i], thread=thread, parent_id=parent, root_id=root,
                    guest_name=c["author"], guest_email=c["email"], body=c["text"],
                    body_html=render_markdown(c["text"], profile=COMMENT),
                    status=Comment.Status.VISIBLE, created_at=c["created"], updated_at=c["created"],
                ))
            with transaction.atomic(), _given_times(Comment):
                Comment.objects.bulk_create(rows, batch_size=500)
            out["threads"][key] = thread.pk
            out["slugs"][key] = article.slug
            out["top_ids"][key] = [ids[i] for i, c in enumerate(comments) if c["parent"] is None]
        # The rows were given their ids: PostgreSQL's sequence must move past them.
        from django.core.management.color import no_style
        from django.db import connection

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Comment]):
                cursor.execute(sql)
        connections.close_all()
        self.db_path = self.tmp / "var" / "tribune.sqlite3"
        return out

    def fill_isso(self, data: dict, venv: Path) -> dict:
        """Write Isso's config and a Disqus export of the same comments, and import it."""
        self.isso_port = _free_port()
        self.isso_db = self.tmp / "isso" / "comments.db"
        self.isso_db.parent.mkdir()
        self.isso_cfg = self.tmp / "isso" / "isso.cfg"
        self.isso_cfg.write_text(
            "[general]\n"
            f"dbpath = {self.isso_db}\n"
            f"host = http://127.0.0.1:{self.isso_port}/\n"
            "notify = stdout\n"
            "[server]\n"
            f"listen = http://127.0.0.1:{self.isso_port}/\n"
            "[guard]\n"
            "enabled = false\n"
            "[moderation]\n"
            "enabled = false\n",
            encoding="utf-8",
        )
        xml_path = self.tmp / "isso" / "disqus.xml"
        _write_disqus(data, xml_path)
        subprocess.run([str(venv / "bin" / "isso"), "-c", str(self.isso_cfg), "import", "-t", "disqus",
                        "--empty-id", str(xml_path)], check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, env={**os.environ, "TZ": "UTC"})
        con = sqlite3.connect(self.isso_db)
        counts = dict(con.execute("SELECT t.uri, count(*) FROM comments c JOIN threads t ON c.tid = t.id "
                                  "GROUP BY t.uri").fetchall())
        top = {}
        for key in data:
            top[key] = [r[0] for r in con.execute(
                "SELECT c.id FROM comments c JOIN threads t ON c.tid = t.id WHERE t.uri = ? "
                "AND c.parent IS NULL", (_uri(key),))]
        con.close()
        for key, comments in data.items():
            if counts.get(_uri(key)) != len(comments):
                raise SystemExit(f"Isso imported {counts.get(_uri(key))} comments for {key}, "
                                 f"expected {len(comments)}")
        return {"top_ids": top}

    def _db(self):
        """Return what _tribune_count reads this run's database through."""
        return self.pg if self.pg is not None else self.db_path

    def checkout(self, label: str, path: Path) -> tuple[dict, object]:
        """Give the checkout at `path` a copy of the filled database; return its environment and
        its database (for _tribune_count)."""
        env = {"PYTHONPATH": str(path)}
        found = subprocess.run([sys.executable, "-c", "import tribune; print(tribune.__file__)"],
                               env={**self.env, **env}, capture_output=True, text=True, check=True,
                               cwd=self.tmp).stdout.strip()
        if not Path(found).is_relative_to(path):
            raise SystemExit(f"--also {label}: Python imports Tribune from {found}, not from {path}")
        if self.pg is not None:
            copy = self.pg.copy(label)
            self.copies.append(copy)
            env["DATABASE_URL"] = copy.url
            db = copy
        else:
            var = self.tmp / f"var-{label}"
            shutil.copytree(self.tmp / "var", var)
            env["TRIBUNE_VAR_DIR"] = str(var)
            db = var / "tribune.sqlite3"
        self.note(f"Tribune {label}: the code of {path}, on a copy of the same database")
        return env, db

    # -- Servers -----------------------------------------------------------------------------------

    def start_tribune(self, *, workers: int, web_threads: int, env: dict, tag: str) -> str:
        port = _free_port()
        log = open(self.tmp / f"tribune-serve{tag}.log", "w")
        proc = self.start([sys.executable, "-m", "tribune.cli", "serve"], log,
                          env={**self.env, **env, "BIND": f"127.0.0.1:{port}",
                               "WEB_CONCURRENCY": str(workers), "WEB_THREADS": str(web_threads)})
        base = f"http://127.0.0.1:{port}"
        _wait_http(f"{base}/api/v1/threads/1", proc)
        self.sessions[base] = proc.pid
        return base

    def start_tribune_asgi(self, *, workers: int) -> str:
        """Serve the whole site as a one-port live server would: gunicorn's master with uvicorn's
        workers (uvicorn-worker) running Django's ASGI application, its sync views in threads."""
        port = _free_port()
        log = open(self.tmp / "tribune-asgi.log", "w")
        proc = self.start([sys.executable, "-m", "gunicorn", "-k", "uvicorn_worker.UvicornWorker",
                           "-w", str(workers), "-b", f"127.0.0.1:{port}", "tribune.config.asgi:application"],
                          log)
        base = f"http://127.0.0.1:{port}"
        _wait_http(f"{base}/api/v1/threads/1", proc)
        return base

    def start_nginx(self, body: bytes) -> str:
        root = self.tmp / "nginx"
        (root / "www").mkdir(parents=True)
        (root / "www" / "all-1000.json").write_bytes(body)
        port = _free_port()
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = " ".join(f"{name}_temp_path {root}/{name};" for name in
                        ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        conf = root / "nginx.conf"
        conf.write_text(
            f"{user}worker_processes 2;\npid {root}/nginx.pid;\nerror_log {root}/error.log;\n"
            "daemon off;\nevents { worker_connections 1024; }\n"
            f"http {{\n  access_log {root}/access.log;\n  {temp}\n  sendfile on;\n"
            f"  server {{\n    listen 127.0.0.1:{port};\n    root {root}/www;\n"
            "    default_type application/json;\n  }\n}\n",
            encoding="utf-8",
        )
        log = open(root / "stdout.log", "w")
        proc = self.start([NGINX, "-p", str(root), "-c", str(conf)], log)
        url = f"http://127.0.0.1:{port}/all-1000.json"
        _wait_http(url, proc)
        self.sessions[f"http://127.0.0.1:{port}"] = proc.pid
        if _get(url) != body:
            raise SystemExit("nginx serves other bytes than Tribune's answer")
        return url

    def start_isso(self, venv: Path) -> str:
        log = open(self.tmp / "isso" / "gunicorn.log", "w")
        port = self.isso_port
        proc = self.start([str(venv / "bin" / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", "2",
                           "--preload", "isso.run"], log,
                          env={**os.environ, "ISSO_SETTINGS": str(self.isso_cfg), "TZ": "UTC"})
        base = f"http://127.0.0.1:{port}"
        _wait_http(f"{base}/info", proc)
        self.sessions[base] = proc.pid
        return base

    # -- What is measured ----------------------------------------------------------------------------

    def tribune_tests(self, system: str, base: str, ids: dict, tag: str, db) -> list[dict]:
        t = ids["threads"]
        idle = f"{base}/api/v1/threads/{t[100]}"
        tests = []
        for size in (100, 10_000):
            url = f"{base}/articles/{ids['slugs'][size]}/"
            body, cold = _timed_get(url)
            shown = len(re.findall(rb'<li class="comment comment--depth-0', body))
            tests.append(_test(system, f"first view, article page, {size:,} comments", url, cold_ms=cold,
                               check=f"{len(body):,} B, {shown} top-level comments shown", idle=idle))
        for size in (100, 10_000):
            url = f"{base}/api/v1/threads/{t[size]}/comments?sort=newest&page=1&page_size=20"
            body, cold = _timed_get(url)
            n = len(json.loads(body)["comments"])
            tests.append(_test(system, f"first view, API, {size:,} comments", url, cold_ms=cold,
                               check=f"{len(body):,} B, {n} comments (20 top-level + replies)", idle=idle))
        url = f"{base}/api/v1/threads/{t[1000]}/comments/all"
        body, cold = _timed_get(url)
        n = len(json.loads(body)["comments"])
        if n != 1000:
            raise SystemExit(f"/comments/all returned {n} comments, expected 1000")
        tests.append(_test(system, "all 1,000 comments, API", url, cold_ms=cold,
                           check=f"{len(body):,} B, 1000 comments", idle=idle, body=body))
        lua = self.post_script(
            tag, [json.dumps({"body": c["text"] + UNIQUE, "name": c["author"], "email": c["email"],
                              "parent_id": c["parent"]}, ensure_ascii=False)
                  for c in _post_bodies(ids["top_ids"][POST_THREAD])])
        thread_id = t[POST_THREAD]
        tests.append(_test(system, "posting (POST /api/v1/threads/{id}/comments)",
                           f"{base}/api/v1/threads/{thread_id}/comments", script=lua, idle=idle,
                           count=lambda: self._tribune_count(thread_id, db)))
        return tests

    def isso_tests(self, base: str, ids: dict) -> list[dict]:
        system = "Isso 0.14 (gunicorn -w 2 sync)"
        idle = f"{base}/info"
        tests = []
        for size in (100, 10_000):
            url = f"{base}/?uri={_quote(_uri(size))}&sort=newest&limit=20"
            body, cold = _timed_get(url)
            n = _isso_comments(json.loads(body))
            tests.append(_test(system, f"first view, API (limit=20), {size:,} comments", url, cold_ms=cold,
                               check=f"{len(body):,} B, {n} comments", idle=idle, timeout="30s"))
        url = f"{base}/?uri={_quote(_uri(1000))}"
        body, cold = _timed_get(url)
        n = _isso_comments(json.loads(body))
        if n != 1000:
            raise SystemExit(f"Isso returned {n} comments, expected 1000")
        slow = _test(system, "all 1,000 comments, API", url, cold_ms=cold, serial=3,
                     check=f"{len(body):,} B, {n} comments", idle=idle, timeout="30s")
        # A few seconds per answer: a longer run, so that each round counts more than a handful.
        slow["duration"] = 10
        tests.append(slow)
        lua = self.post_script(
            "isso", [json.dumps({"text": c["text"] + UNIQUE, "author": c["author"] or None,
                                 "email": c["email"] or None, "parent": c["parent"]}, ensure_ascii=False)
                     for c in _post_bodies(ids["top_ids"][POST_THREAD])])
        url = f"{base}/new?uri={_quote(_uri(POST_THREAD))}"
        tests.append(_test(system, "posting (POST /new?uri=...)", url,
                           script=lua, idle=idle, timeout="30s", count=lambda: self._isso_count(POST_THREAD)))
        return tests

    def _tribune_count(self, thread_id: int, db) -> int:
        if isinstance(db, _PostgresDatabase):
            return db.scalar("SELECT count(*) FROM discussion_comment WHERE thread_id = %s", thread_id)
        con = sqlite3.connect(db, timeout=30)
        try:
            return con.execute("SELECT count(*) FROM discussion_comment WHERE thread_id = ?",
                               (thread_id,)).fetchone()[0]
        finally:
            con.close()

    def _isso_count(self, key) -> int:
        con = sqlite3.connect(self.isso_db, timeout=30)
        try:
            return con.execute("SELECT count(*) FROM comments c JOIN threads t ON c.tid = t.id "
                               "WHERE t.uri = ?", (_uri(key),)).fetchone()[0]
        finally:
            con.close()

    # -- Measuring ------------------------------------------------------------------------------------

    def serial_all(self, tests: list[dict], n: int = 20) -> None:
        """Time each GET one request at a time, taking turns between the tests, so that a change
        in the machine's load falls on all of them alike; keep the median."""
        times: dict[int, list[float]] = {id(t): [] for t in tests}
        for i in range(n):
            for t in tests:
                if t["script"] is None and i < t["serial"]:
                    times[id(t)].append(_timed_get(t["url"])[1])
        for t in tests:
            if times[id(t)]:
                t["serial_ms"] = statistics.median(times[id(t)])

    def wrk(self, t: dict, *, duration: int, warm: bool) -> dict:
        cmd = [WRK, "-t", str(WRK_THREADS), "-c", str(CONNECTIONS), "--latency", "--timeout", t["timeout"]]
        if warm and t["script"] is None:
            subprocess.run([*cmd, "-d", "2s", t["url"]], capture_output=True, timeout=60)
            self.drain(t["idle"])
        if t["script"] is not None:
            cmd += ["-s", str(t["script"])]
        before = t["count"]() if t["count"] else 0
        session = self.sessions.get(_origin(t["url"]))
        cpu = _cpu_seconds(session)
        db_cpu = _postgres_cpu_seconds()
        out = subprocess.run([*cmd, "-d", f"{duration}s", t["url"]], capture_output=True, text=True,
                             timeout=duration + 60).stdout
        # Requests wrk gave up on may still be queued in the server: let it finish them first.
        self.drain(t["idle"])
        cpu = _cpu_seconds(session) - cpu
        db_cpu = _postgres_cpu_seconds() - db_cpu
        self.raw.write(f"### {t['system']}: {t['what']}\n"
                       f"$ {' '.join(cmd)} -d {duration}s {t['url']}\n{out}\n")
        self.raw.flush()
        run = _parse_wrk(out)
        # The server's CPU time per request: unlike the rates, hardly moved by other work on the
        # machine, so it compares two checkouts more closely.
        run["cpu_ms"] = cpu * 1000 / run["requests"] if session and run["requests"] else float("nan")
        # PostgreSQL's own processes work for whichever system runs against it: Tribune's tests only.
        pg = self.pg and t["system"].startswith("Tribune") and run["requests"]
        run["db_cpu_ms"] = db_cpu * 1000 / run["requests"] if pg else float("nan")
        if t["count"]:
            time.sleep(0.5)
            run["stored"] = t["count"]() - before
        ok = run["statuses"].get(201, 0) if t["script"] else run["rps"]
        print(f"{t['system']:32} {t['what']:46} {run['rps']:>9.1f} rps  avg {run['avg_ms']:8.2f} ms  "
              f"p50 {run['p50_ms']:8.2f}  p99 {run['p99_ms']:8.2f}  errors {run['errors']}  "
              f"CPU {run['cpu_ms']:.3f} ms/request"
              + (f" + PostgreSQL {run['db_cpu_ms']:.3f}" if run["db_cpu_ms"] == run["db_cpu_ms"] else "")
              + (f"  201: {ok}, stored {run['stored']}" if t["count"] else ""), flush=True)
        return run

    def measure(self, tests: list[dict], *, rounds: int, duration: int) -> None:
        """Run every test `rounds` times, taking turns, and keep the medians."""
        for r in range(rounds):
            print(f"# round {r + 1} of {rounds}", flush=True)
            # Every other round in the opposite order: a load that rises or falls during a round
            # weighs on the first and the last test alike.
            for t in tests if r % 2 == 0 else tests[::-1]:
                t["runs"].append(self.wrk(t, duration=t.get("duration") or duration, warm=r == 0))
        for t in tests:
            self.rows.append(_summary(t))

    def drain(self, url: str) -> None:
        """Wait until the server answers `url` again, so that no queued request slows the next run."""
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                _get(url)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(1)

    def post_script(self, name: str, bodies: list[str]) -> Path:
        """Write a wrk script that POSTs the JSON bodies in turn and counts answers by status.

        Each request fills UNIQUE with its wrk thread and sequence number: a site refuses the
        same comment posted twice, as Tribune's moderation does."""
        items = ",\n".join(f"[==[{b}]==]" for b in bodies)
        path = self.tmp / f"post-{name}.lua"
        path.write_text(
            "local bodies = {\n" + items + "\n}\n"
            "local threads = {}\n"
            "function setup(thread) table.insert(threads, thread); thread:set(\"id\", #threads) end\n"
            # A run's own mark, so that later rounds do not repeat earlier rounds' comments.
            "local run = tostring(os.time()) .. tostring(math.random(1000000))\n"
            "function init(args) n = math.random(#bodies); statuses = {}; seq = 0 end\n"
            "function request()\n  n = n % #bodies + 1\n  seq = seq + 1\n"
            "  local mark = run .. \"-\" .. tostring(id) .. \"-\" .. tostring(seq)\n"
            "  local body = (string.gsub(bodies[n], \"{{N}}\", mark))\n"
            '  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)\nend\n'
            "function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end\n"
            "function done(summary, latency, requests)\n  local all = {}\n"
            "  for _, t in ipairs(threads) do\n    for k, v in pairs(t:get(\"statuses\")) do\n"
            "      all[k] = (all[k] or 0) + v\n    end\n  end\n"
            '  for k, v in pairs(all) do io.write(string.format("STATUS %d %d\\n", k, v)) end\nend\n',
            encoding="utf-8",
        )
        return path

    # -- processes -------------------------------------------------------------------------------

    def start(self, cmd: list[str], log, env=None) -> subprocess.Popen:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env or self.env,
                                cwd=self.tmp, start_new_session=True)
        self.procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        if proc in self.procs:
            self.procs.remove(proc)

    def stop_all(self) -> None:
        for proc in list(self.procs):
            with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
                self.stop(proc)
        self.raw.close()
        if self.pg is not None:
            from django.db import connections

            connections.close_all()
            for copy in self.copies:
                copy.drop()
            self.pg.drop()

    # -- report ----------------------------------------------------------------------------------

    def report(self) -> None:
        lines = [f"| system | measurement | req/s, {CONNECTIONS} connections (median) | each round "
                 "| avg ms | p50 ms | p99 ms | errors | one client, median ms | cold first request, ms "
                 "| server CPU ms per request (median) | PostgreSQL CPU ms per request (median) | checked |",
                 "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in self.rows:
            if "ok_per_s" in r:
                rps, each = f"{r['ok_per_s']:.1f} posted/s", r["ok_per_s_each"]
            else:
                rps, each = f"{r['rps']:,.1f}", r["rps_each"]
            each = " / ".join(f"{x:,.1f}" for x in each)
            lines.append(f"| {r['system']} | {r['what']} | {rps} | {each} | {r['avg_ms']:.2f} "
                         f"| {r['p50_ms']:.2f} "
                         f"| {r['p99_ms']:.2f} | {r['errors']} | {_num(r['serial_ms'])} "
                         f"| {_num(r['cold_ms'])} | {r['cpu_ms']:.3f} "
                         f"| {'' if r['db_cpu_ms'] != r['db_cpu_ms'] else format(r['db_cpu_ms'], '.3f')} "
                         f"| {r['check']} |")
        lines += ["", "Targets:", ""]
        lines += [f"- {t}" for t in self.targets()]
        lines += ["", "Notes:", ""] + [f"- {n}" for n in self.notes]
        text = "\n".join(lines) + "\n"
        (self.results / "report.md").write_text(text, encoding="utf-8")
        (self.results / "rows.json").write_text(json.dumps(self.rows, indent=1), encoding="utf-8")
        print("\n" + text)

    def targets(self) -> list[str]:
        def find(system_start, what_start):
            return [r for r in self.rows if r["system"].startswith(system_start)
                    and r["what"].startswith(what_start)]

        out = []
        # Another checkout (--also) against this one: each test's ratio, paired by round.
        for r in self.rows:
            label = re.match(r"Tribune (\S+) \((.*)", r["system"])
            mine = [m for m in self.rows if label and m["system"] == f"Tribune ({label.group(2)}"
                    and m["what"] == r["what"]]
            if mine:
                key = "ok_per_s_each" if "ok_per_s_each" in r else "rps_each"
                ratios = [a / b for a, b in zip(r[key], mine[0][key], strict=False) if b]
                cpu = [a / b for a, b in zip(r["cpu_ms_each"], mine[0]["cpu_ms_each"], strict=False) if b]
                out.append(f"{r['system']} against this checkout, {r['what']}: "
                           f"{statistics.median(ratios):.3f}× the rate (rounds "
                           f"{', '.join(f'{x:.3f}' for x in ratios)}), "
                           f"{statistics.median(cpu):.3f}× the server CPU time per request (rounds "
                           f"{', '.join(f'{x:.3f}' for x in cpu)})")
        nginx = find("nginx", "all")
        isso_post = find("Isso", "posting")
        for r in find("Tribune", "all"):
            if nginx:
                # Paired by round: both ran within the same minute, under the same other load.
                shares = [a / b for a, b in zip(r["rps_each"], nginx[0]["rps_each"], strict=False) if b]
                share = statistics.median(shares)
                out.append(f"{r['system']}: all 1,000 at {share:.1%} of nginx's req/s, median of the "
                           f"rounds ({', '.join(f'{x:.1%}' for x in shares)}; target ≥ 25 %): "
                           f"{'PASS' if share >= 0.25 else 'FAIL'}")
        for r in find("Isso", "all"):
            if nginx:
                out.append(f"Isso: all 1,000 at {r['rps'] / nginx[0]['rps']:.3%} of nginx's req/s")
        for system in sorted({r["system"] for r in self.rows}):
            for kind in ("first view, article page", "first view, API"):
                small = [r for r in find(system, kind) if "100 comments" in r["what"]]
                big = [r for r in find(system, kind) if "10,000 comments" in r["what"]]
                if small and big:
                    serial = big[0]["serial_ms"] / small[0]["serial_ms"]
                    ratio = big[0]["avg_ms"] / small[0]["avg_ms"]
                    ok = serial <= 1.5 and ratio <= 1.5
                    verdict = ("PASS" if ok else "FAIL") if system.startswith("Tribune") else "(reference)"
                    out.append(f"{system}: {kind}, 10,000 vs 100: {serial:.2f}× the time for one client "
                               f"({big[0]['serial_ms']:.1f} against {small[0]['serial_ms']:.1f} ms), "
                               f"{ratio:.2f}× the mean latency under load (target ≤ 1.5×): {verdict}")
        for r in find("Tribune", "posting"):
            if isso_post:
                ratio = r["ok_per_s"] / isso_post[0]["ok_per_s"] if isso_post[0]["ok_per_s"] else float("inf")
                stored = r["stored"] >= r["posted_ok"]
                # Issue 17: PostgreSQL at least 2.5× Isso (on SQLite), SQLite at least 2×.
                target = 2.5 if "PostgreSQL" in r["system"] else 2.0
                out.append(f"{r['system']}: {r['ok_per_s']:.1f} posted/s = {ratio:.2f}× Isso's "
                           f"{isso_post[0]['ok_per_s']:.1f} (target ≥ {target:g}×): "
                           f"{'PASS' if ratio >= target else 'FAIL'}; "
                           f"every 201 stored: {'PASS' if stored else 'FAIL'} "
                           f"({r['posted_ok']} answered 201, {r['stored']} rows)")
        return out


# -- data ------------------------------------------------------------------------------------------

def make_threads(*, seed: int) -> dict:
    """Return {key: [comment, ...]} for threads of 100, 1,000, 10,000 and the posting thread (100).

    30 % of comments reply to an earlier comment of their thread; bodies are 100 to 600
    characters, about a third with non-ASCII text.
    """
    rng = random.Random(seed)
    out = {}
    start = datetime(2026, 10, 1, tzinfo=UTC)
    for key, n in [*((s, s) for s in SIZES), (POST_THREAD, 100)]:
        comments = []
        step = timedelta(days=30) / n
        for i in range(n):
            parent = rng.randrange(i) if i and rng.random() < 0.30 else None
            root = i if parent is None else comments[parent]["root"]
            comments.append({"parent": parent, "root": root, "text": _body(rng),
                             "author": rng.choice(NAMES), "email": rng.choice(["", "", "a@example.org"]),
                             "created": start + step * i})
        out[key] = comments
    return out


def _body(rng: random.Random) -> str:
    length = rng.randint(100, 600)
    words = []
    size = 0
    exotic = rng.random() < 0.35
    while size < length:
        word = rng.choice(NON_ASCII) if exotic and rng.random() < 0.15 else rng.choice(WORDS)
        if rng.random() < 0.02:
            word = f"*{word}*"
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)[:length].strip()
    if len(text) > 200 and rng.random() < 0.3:
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = text[:cut] + "\n\n" + text[cut + 1:]
    return text[0].upper() + text[1:]


@contextlib.contextmanager
def _given_times(model):
    """Keep the times the rows were given: auto_now(_add) would stamp every row with "now"."""
    fields = [f for f in model._meta.concrete_fields if f.name in ("created_at", "updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _PostgresDatabase:
    """A fresh PostgreSQL database for one run, made beside the one `url` names."""

    def __init__(self, url: str, *, name: str = "", template: str = ""):
        import psycopg

        self.admin_url = url
        self.name = name or f"tribune_bench_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{self.name}"' + (f' TEMPLATE "{template}"' if template else ""))
        base, _, _ = url.rpartition("/")
        self.url = f"{base}/{self.name}"

    def copy(self, label: str) -> "_PostgresDatabase":
        """Return a new database holding what this one holds (no one may be connected to it)."""
        return _PostgresDatabase(self.admin_url, name=f"{self.name}_{re.sub(r'[^a-z0-9]', '_', label)}",
                                 template=self.name)

    def scalar(self, sql: str, *params):
        import psycopg

        with psycopg.connect(self.url) as con:
            return con.execute(sql, params).fetchone()[0]

    def drop(self) -> None:
        # The test suite's way (ends the role's sessions, waits out autovacuum).
        from tribune.operations.tests.helpers import database_drop

        database_drop(self.admin_url, self.name)


def _post_bodies(top_ids: list[int]) -> list[dict]:
    """Return 500 comments to post: 30 % answer one of the thread's top-level comments."""
    rng = random.Random(7)
    return [{"text": _body(rng), "author": rng.choice(NAMES) or "Guest", "email": "",
             "parent": rng.choice(top_ids) if rng.random() < 0.30 else None} for _ in range(500)]


def _uri(key) -> str:
    return f"/articles/bench-{key}/"


def _write_disqus(data: dict, path: Path) -> None:
    ns, dsq = "http://disqus.com", "http://disqus.com/disqus-internals"
    ET.register_namespace("", ns)
    ET.register_namespace("dsq", dsq)
    root = ET.Element(f"{{{ns}}}disqus")
    for key in data:
        thread = ET.SubElement(root, f"{{{ns}}}thread", {f"{{{dsq}}}id": f"t-{key}"})
        ET.SubElement(thread, f"{{{ns}}}id").text = f"t-{key}"
        ET.SubElement(thread, f"{{{ns}}}link").text = f"http://127.0.0.1{_uri(key)}"
        ET.SubElement(thread, f"{{{ns}}}title").text = f"Benchmark article {key}"
    for key, comments in data.items():
        for i, c in enumerate(comments):
            post = ET.SubElement(root, f"{{{ns}}}post", {f"{{{dsq}}}id": f"p-{key}-{i}"})
            ET.SubElement(post, f"{{{ns}}}message").text = c["text"]
            ET.SubElement(post, f"{{{ns}}}createdAt").text = c["created"].strftime("%Y-%m-%dT%H:%M:%SZ")
            ET.SubElement(post, f"{{{ns}}}isDeleted").text = "false"
            author = ET.SubElement(post, f"{{{ns}}}author")
            ET.SubElement(author, f"{{{ns}}}name").text = c["author"] or "Anonymous"
            ET.SubElement(author, f"{{{ns}}}email").text = c["email"]
            ET.SubElement(post, f"{{{ns}}}ipAddress").text = "127.0.0.1"
            ET.SubElement(post, f"{{{ns}}}thread", {f"{{{dsq}}}id": f"t-{key}"})
            if c["parent"] is not None:
                ET.SubElement(post, f"{{{ns}}}parent", {f"{{{dsq}}}id": f"p-{key}-{c['parent']}"})
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


# -- helpers ---------------------------------------------------------------------------------------

def _parse_wrk(out: str) -> dict:
    def ms(value: str) -> float:
        m = re.match(r"([\d.]+)(us|ms|s|m)", value)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]

    row = {"rps": 0.0, "avg_ms": float("nan"), "p50_ms": float("nan"), "p99_ms": float("nan"),
           "requests": 0, "seconds": 0.0, "errors": 0, "statuses": {}}
    if m := re.search(r"Latency\s+(\S+)", out):
        row["avg_ms"] = ms(m.group(1))
    if m := re.search(r"^\s+50%\s+(\S+)", out, re.M):
        row["p50_ms"] = ms(m.group(1))
    if m := re.search(r"^\s+99%\s+(\S+)", out, re.M):
        row["p99_ms"] = ms(m.group(1))
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        row["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out):
        row["requests"] = int(m.group(1))
        row["seconds"] = float(m.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[m.group(3)]
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        row["errors"] += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        row["errors"] += sum(int(x) for x in m.groups())
    row["statuses"] = {int(a): int(b) for a, b in re.findall(r"^STATUS (\d+) (\d+)$", out, re.M)}
    return row


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as resp:
        if resp.status != 200:
            raise SystemExit(f"GET {url}: {resp.status}")
        return resp.read()


def _timed_get(url: str) -> tuple[bytes, float]:
    """Return the body of one GET and its time in milliseconds."""
    start = time.perf_counter()
    body = _get(url)
    return body, (time.perf_counter() - start) * 1000


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server for {url} exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _quote(text: str) -> str:
    return urllib.request.quote(text, safe="")


def _test(system: str, what: str, url: str, *, check: str = "", cold_ms: float | None = None,
          idle: str = "", timeout: str = "10s", script: Path | None = None, count=None, body=None,
          serial: int = 20) -> dict:
    return {"system": system, "what": what, "url": url, "check": check, "cold_ms": cold_ms,
            "idle": idle or url, "timeout": timeout, "script": script, "count": count, "body": body,
            "serial": serial, "serial_ms": None, "runs": []}


def _summary(t: dict) -> dict:
    """Return one row of the report: the medians of the test's runs (sums for posting)."""
    runs = t["runs"]
    row = {"system": t["system"], "what": t["what"], "check": t["check"], "cold_ms": t["cold_ms"],
           "serial_ms": t["serial_ms"], "rounds": len(runs)}
    for key in ("rps", "avg_ms", "p50_ms", "p99_ms", "cpu_ms", "db_cpu_ms"):
        row[key] = statistics.median(r[key] for r in runs)
    row["rps_each"] = [r["rps"] for r in runs]
    row["cpu_ms_each"] = [r["cpu_ms"] for r in runs]
    row["errors"] = sum(r["errors"] for r in runs)
    if t["count"]:
        ok = sum(r["statuses"].get(201, 0) for r in runs)
        seconds = sum(r["seconds"] for r in runs)
        others: dict = {}
        for r in runs:
            for k, v in r["statuses"].items():
                if k != 201:
                    others[k] = others.get(k, 0) + v
        row.update(posted_ok=ok, stored=sum(r["stored"] for r in runs),
                   ok_per_s=ok / seconds if seconds else 0.0,
                   ok_per_s_each=[r["statuses"].get(201, 0) / r["seconds"] for r in runs if r["seconds"]])
        row["check"] = (f"{ok} answered 201, {row['stored']} stored"
                        + (f", other answers {others}" if others else ""))
    return row


def _isso_comments(doc: dict) -> int:
    return len(doc["replies"]) + sum(len(r.get("replies", [])) for r in doc["replies"])


def _num(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _origin(url: str) -> str:
    return re.match(r"https?://[^/]+", url).group(0)


def _cpu_seconds(session: int | None) -> float:
    """Return the CPU time used so far by the processes of `session` (a server and its workers),
    the children they have reaped included."""
    if session is None:
        return 0.0
    return processes_cpu_seconds(lambda name, fields: int(fields[3]) == session)


def _postgres_cpu_seconds() -> float:
    """Return the CPU time used so far by the processes named postgres (the server, its
    backends, and those it has reaped)."""
    return processes_cpu_seconds(lambda name, fields: name == "postgres")


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    sys.exit(main())
