"""Measure requests per second of the front page and an article page with `tribune serve`.

    TRIBUNE_VAR_DIR=/tmp/tribune-bench .venv/bin/python bench/run.py [--duration 20] [--connections 16]

Starts the production server (gunicorn, WEB_CONCURRENCY workers) on 127.0.0.1, warms it up,
runs wrk against each URL for a bounded time, stops the server and prints a Markdown table.
Fill the database first with bench/fill.py.
"""

import argparse
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIBUNE = ROOT / ".venv" / "bin" / "tribune"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=20, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    options = parser.parse_args()

    base = f"http://127.0.0.1:{options.port}"
    env = {**os.environ, "BIND": f"127.0.0.1:{options.port}", "WEB_CONCURRENCY": str(options.workers),
           "SECRET_KEY": secrets.token_urlsafe(50), "LOG_LEVEL": "WARNING"}
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    log = open(ROOT / "bench" / "results" / "server.log", "w")  # noqa: SIM115 - closed below
    # Our own command, started in its own process group so that every worker stops with it.
    server = subprocess.Popen(  # noqa: S603
        [str(TRIBUNE), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        _wait_for(base + "/")
        article = _first_article_url(base)
        session = ["-H", "Cookie: sessionid=not-a-session"]  # never served from the cache
        cases = [
            ("front page (cached)", base + "/", []),
            ("front page, page 200 (cached)", base + "/?page=200", []),
            ("front page, reader with a session cookie (rendered each time)", base + "/", session),
            ("article page (cached)", base + article, []),
            ("article page, reader with a session cookie (rendered each time)", base + article, session),
            ("search, a rare word", base + "/search/?q=ceasefire+1234", []),
        ]
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores, "
              f"{cpu.group(1) if cpu else 'unknown CPU'}; {options.workers} workers; "
              f"wrk -t2 -c{options.connections} -d{options.duration}s; load average before: "
              f"{os.getloadavg()[0]:.1f}\n")
        print("| page | requests/s | mean latency | p99 latency | non-2xx |")
        print("|---|---:|---:|---:|---:|")
        for name, url, extra in cases:
            for _ in range(20):  # warm every worker
                urllib.request.urlopen(url).read()  # noqa: S310 - our own loopback server
            out = subprocess.run(  # noqa: S603 - wrk with our own arguments
                ["/usr/bin/wrk", "-t2", f"-c{options.connections}", f"-d{options.duration}s",
                 "--latency", *extra, url], capture_output=True, text=True, check=True,
            ).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            mean = re.search(r"Latency\s+([\d.]+\w+)", out).group(1)
            p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            print(f"| {name} | {float(rps):,.0f} | {mean} | {p99} | {errors.group(1) if errors else 0} |",
                  flush=True)
        print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - our own loopback server
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the server did not answer at {url}")


def _first_article_url(base: str) -> str:
    html = urllib.request.urlopen(base + "/").read().decode()  # noqa: S310 - our own loopback server
    return re.search(r'href="(/articles/[^"]+/)"', html).group(1)


if __name__ == "__main__":
    main()
