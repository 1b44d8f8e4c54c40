"""Time Tribune's and Isso's import of the same generated 100,000-comment Disqus export.

    .venv/bin/python bench/import_speed.py [--comments N] [--threads N] [--isso /tmp/isso-venv/bin/isso]
                                           [--database-url postgres://...] [--keep-database]

Writes the file, a fresh SQLite database for each tool and the logs under bench/results/, runs
`tribune import disqus FILE` and `isso -c CONF import FILE` one after the other, and prints
comments per second and peak memory for both, with the machine they ran on. Each import runs in
its own process, startup included; migrating Tribune's empty database is not timed.

With --database-url, Tribune imports into a fresh PostgreSQL database made beside the one named
(the role needs CREATEDB), dropped at the end unless --keep-database; Isso has only SQLite.
Peak memory is sampled every second as well, so that a figure that grows with the file shows.
"""

import argparse
import contextlib
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
WORDS = [
    "the", "council", "budget", "vote", "river", "flood", "school", "teachers", "reporters",
    "readers", "late", "night", "market", "prices", "rent", "housing", "tram", "line", "bridge",
    "repair", "election", "turnout", "mayor",
]
NON_ASCII = ["Ünïcödé", "naïve café", "“quoted”", "Zürich", "日本語", "Ελληνικά", "✓", "—", "€ 12,50"]


def main() -> int:
    global RESULTS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2_000)
    parser.add_argument("--isso", default="/tmp/isso-venv/bin/isso")
    parser.add_argument("--database-url", default="",
                        help="import Tribune's copy into a fresh PostgreSQL database made beside this one")
    parser.add_argument("--keep-database", action="store_true",
                        help="keep Tribune's PostgreSQL database (its name is printed)")
    parser.add_argument("--skip-isso", action="store_true")
    parser.add_argument("--skip-tribune", action="store_true")
    parser.add_argument("--export", type=Path, default=None,
                        help="import this export (written by an earlier run) instead of generating one")
    parser.add_argument("--workdir", type=Path, default=RESULTS,
                        help="where the export and both databases go (a tmpfs such as /dev/shm "
                             "takes the disk's sync times out of both figures)")
    options = parser.parse_args()
    RESULTS = options.workdir

    RESULTS.mkdir(exist_ok=True)
    export = options.export or RESULTS / f"disqus-{options.comments}.xml"
    if options.export is None:
        generate(export, comments=options.comments, threads=options.threads)
        print(f"generated {export.name}: {options.comments:,} comments in {options.threads:,} threads, "
              f"{export.stat().st_size / 1e6:.1f} MB", flush=True)
    rows = []

    database = None
    if options.skip_tribune:
        pass
    elif options.database_url:
        sys.path.insert(0, str(HERE.parent))
        from bench.discussion_speed import _PostgresDatabase

        database = _PostgresDatabase(options.database_url, name=f"tribune_import_{os.getpid()}")
        print(f"Tribune's database: {database.name}")
    if not options.skip_tribune:
        try:
            url = database.url if database else ""
            tribune_seconds, tribune_rss, stored = run_tribune(export, database_url=url)
        finally:
            if database is not None and not options.keep_database:
                database.drop()
        kind = "PostgreSQL" if database else "SQLite"
        rows.append((f"Tribune (`tribune import disqus`, {kind})", stored, tribune_seconds, tribune_rss))
    if options.skip_isso:
        pass
    elif Path(options.isso).exists():
        isso_seconds, isso_rss, isso_stored = run_isso(export, options.isso)
        rows.append(("Isso (`isso import`, SQLite)", isso_stored, isso_seconds, isso_rss))
    else:
        print(f"{options.isso} not found: python3 -m venv /tmp/isso-venv && "
              "/tmp/isso-venv/bin/pip install isso", file=sys.stderr)

    print(f"\n{machine()}\n")
    print("| importer | comments stored | seconds | comments/second | peak memory |")
    print("|---|---:|---:|---:|---:|")
    for name, count, seconds, rss in rows:
        print(f"| {name} | {count:,} | {seconds:.1f} | {count / seconds:,.0f} | {rss / 1024:,.0f} MB |")
    return 0


def generate(path: Path, *, comments: int, threads: int) -> None:
    """Write a Disqus export: 30 % replies, bodies of 100-600 characters, some non-ASCII."""
    rng = random.Random(9)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
                  'xmlns:dsq="http://disqus.com/disqus-internals">\n')
        for t in range(1, threads + 1):
            out.write(f'<thread dsq:id="{t}"><id>story-{t}</id><forum>bench</forum>'
                      f"<link>https://news.example.org/{2015 + t % 10}/story-{t}/</link>"
                      f"<title>Story {t}</title><createdAt>{_date(start, t * 600)}</createdAt>"
                      "<isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n")
        by_thread: dict[int, list[int]] = {}
        for i in range(1, comments + 1):
            post_id = 7_000_000_000 + i
            thread = rng.randint(1, threads)
            earlier = by_thread.setdefault(thread, [])
            parent = ""
            if earlier and rng.random() < 0.30:
                parent = f'<parent dsq:id="{rng.choice(earlier)}"/>'
            earlier.append(post_id)
            out.write(
                f'<post dsq:id="{post_id}"><id/><message><![CDATA[{_body(rng)}]]></message>'
                f"<createdAt>{_date(start, threads * 600 + i * 30)}</createdAt>"
                "<isDeleted>false</isDeleted><isSpam>false</isSpam>"
                f"<author><name>{escape(_name(rng))}</name><email>reader{i % 5000}@example.org</email>"
                f"<isAnonymous>false</isAnonymous></author>"
                f'<thread dsq:id="{thread}"/>{parent}</post>\n'
            )
        out.write("</disqus>\n")


def run_tribune(export: Path, *, database_url: str = "") -> tuple[float, int, int]:
    work = RESULTS / "tribune"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    env = {**os.environ, "DATABASE_URL": database_url or f"sqlite:///{work / 'tribune.sqlite3'}",
           "TRIBUNE_VAR_DIR": str(work)}
    tribune = str(Path(sys.executable).with_name("tribune"))
    subprocess.run([tribune, "migrate", "-v0"], env=env, cwd=work, check=True)
    # --progress: the log then shows the rate all along, for a run that is stopped before its end.
    seconds, rss, log = _timed([tribune, "import", "disqus", str(export), "--progress"], env=env, cwd=work)
    line = next((x for x in log.splitlines() if x.startswith("imported:")), log)
    stored = int(line.split()[3].replace(",", "")) if line.startswith("imported:") else 0
    return seconds, rss, stored


def run_isso(export: Path, isso: str) -> tuple[float, int, int]:
    import sqlite3

    work = RESULTS / "isso"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    conf = work / "isso.cfg"
    conf.write_text(f"[general]\ndbpath = {work / 'comments.db'}\nhost = https://news.example.org/\n")
    # Isso skips every thread whose <id> has no child elements unless --empty-id is given.
    command = [isso, "-c", str(conf), "import", "--empty-id", str(export)]
    seconds, rss, _ = _timed(command, env=dict(os.environ), cwd=work)
    db = sqlite3.connect(work / "comments.db")
    stored = db.execute("SELECT COUNT(*) FROM comments").fetchone()[0]
    db.close()
    return seconds, rss, stored


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration):
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores (nproc), {cpu}, "
            f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}, "
            f"files in {RESULTS}")


def _timed(command: list[str], *, env: dict, cwd: Path) -> tuple[float, int, str]:
    log_path = cwd / "log.txt"
    with log_path.open("w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        # Resident memory every second: flat memory shows as the same figure from start to end.
        samples = []
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            with contextlib.suppress(OSError, StopIteration):
                status_text = Path(f"/proc/{process.pid}/status").read_text()
                rss_line = next(x for x in status_text.splitlines() if x.startswith("VmRSS"))
                samples.append(int(rss_line.split()[1]))
            time.sleep(1)
        seconds = time.perf_counter() - started
    if samples:
        tenth = max(1, len(samples) // 10)
        print(f"{Path(command[0]).name}: resident MB at each tenth of the run: "
              + " ".join(f"{x / 1024:.0f}" for x in samples[::tenth]))
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log_path.read_text()
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({process.returncode}):\n{text[-2000:]}")
    # The process's own CPU time moves less than the wall time with the machine's other work.
    print(f"{Path(command[0]).name}: {seconds:.1f}s, CPU {usage.ru_utime + usage.ru_stime:.1f}s, "
          f"{text.strip().splitlines()[-1] if text.strip() else ''}")
    return seconds, usage.ru_maxrss, text


def _body(rng: random.Random) -> str:
    length = rng.randint(100, 600)
    parts = []
    size = 0
    while size < length:
        word = rng.choice(NON_ASCII) if rng.random() < 0.05 else rng.choice(WORDS)
        parts.append(word)
        size += len(word) + 1
    text = " ".join(parts)[:length]
    return f"<p>{text}</p>"


def _name(rng: random.Random) -> str:
    return rng.choice(["Ana", "Bruno", "Chloé", "Dário", "Eva", "Fatma", "Gül", "Hiro"]) + \
        f" {rng.randint(1, 999)}"


def _date(start: datetime, seconds: int) -> str:
    return (start + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


if __name__ == "__main__":
    sys.exit(main())
