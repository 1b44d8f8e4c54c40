"""Running the `tribune` command as an operator does: a fresh site in a folder of its own."""

import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.client import HTTPException

import psycopg

# Variables of the test run that must not leak into a site started for a test.
_RUN_ONLY = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "SITE_NAME", "DEBUG",
             "PROMETHEUS_MULTIPROC_DIR", "METRICS_BIND", "METRICS_TOKEN", "SENTRY_DSN", "LOG_FORMAT"}


def site_env(var_dir, **changes) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _RUN_ONLY}
    env.update(TRIBUNE_VAR_DIR=str(var_dir), SECRET_KEY="s" * 50)
    env.update({k: str(v) for k, v in changes.items()})
    return env


def tribune(*args, env, timeout=180, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "tribune.cli", *args], env=env, capture_output=True,
                            text=True, timeout=timeout, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"tribune {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def start(*args, env) -> subprocess.Popen:
    """Start `tribune *args`, its output going to a file that `stop` reads: a pipe nobody reads
    while it runs fills up, and a process logging into it would block on its next line."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the process, in stop()
    process = subprocess.Popen([sys.executable, "-m", "tribune.cli", *args], env=env, stdout=output,
                               stderr=subprocess.STDOUT, start_new_session=True)
    process.output_file = output
    return process


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> str:
    """Send `sig` to the process (and its children) unless it ended; return all it wrote."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=60)
    output = output_of(process)
    process.output_file.close()
    return output


def output_of(process: subprocess.Popen) -> str:
    """Return what a process from `start` wrote so far."""
    process.output_file.seek(0)
    return process.output_file.read().decode(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url, *, headers=None, timeout=60, data=None, method=None):
    """Return (status, headers, body) once the server answers; HTTP errors are answers too."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers=headers or {}, data=data, method=method)
    while True:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_until(predicate, *, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Site:
    """A Tribune site of its own for a test: a folder, and a database of the kind the test run
    uses (a new PostgreSQL database when DATABASE_URL names one, else SQLite in the folder).
    `postgres`, the URL of another PostgreSQL server, puts the database there instead."""

    def __init__(self, folder, *, postgres: str | None = None, **env_changes):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.database_name = None
        run_url = postgres or os.environ.get("DATABASE_URL", "")
        changes = dict(env_changes)
        if run_url.startswith(("postgres://", "postgresql://")):
            self.database_name = f"tribune_test_site_{secrets.token_hex(6)}"
            self._admin_url = run_url
            with psycopg.connect(run_url, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.database_name}"')
            changes["DATABASE_URL"] = run_url.rsplit("/", 1)[0] + "/" + self.database_name
        self.env = site_env(folder, **changes)
        self.kind = "postgresql" if self.database_name else "sqlite"

    def tribune(self, *args, **kwargs):
        return tribune(*args, env=self.env, **kwargs)

    def query(self, sql: str) -> list:
        """Return the rows of `sql` run on the site's database."""
        if self.database_name:
            with psycopg.connect(self.env["DATABASE_URL"]) as db:
                return db.execute(sql).fetchall()
        with sqlite3.connect(self.folder / "tribune.sqlite3") as db:
            return db.execute(sql).fetchall()

    def tables(self) -> list[str]:
        """Return the names of the tables in the site's database (none when it was never made)."""
        if self.database_name:
            return [row[0] for row in self.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        if not (self.folder / "tribune.sqlite3").exists():
            return []
        return [row[0] for row in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def drop(self):
        if self.database_name:
            database_drop(self._admin_url, self.database_name)


def database_drop(admin_url: str, name: str, *, seconds: float = 60) -> None:
    """Drop the PostgreSQL database `name`, ending the sessions still connected to it.

    WITH (FORCE) ends the role's own sessions but refuses when an autovacuum worker (the
    superuser's) is in the database; a plain DROP ends autovacuum but refuses while sessions
    remain. Between the two, one of them gets through within moments."""
    deadline = time.monotonic() + seconds
    with psycopg.connect(admin_url, autocommit=True) as admin:
        while True:
            try:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except psycopg.errors.InsufficientPrivilege:
                pass
            try:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                return
            except psycopg.errors.ObjectInUse:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


class Poster(threading.Thread):
    """Post comments through the JSON API as fast as the server takes them, each from its own
    address (behind the site's proxy), recording every comment the server acknowledged.

    A patient poster tries a request again until the server answers (within `timeout`); an
    impatient one records a request without an answer within `timeout` as None and goes on.
    Every request's answer (its status or None) and how long it took are kept in `answers`.
    """

    def __init__(self, base: str, thread_id: int, *, patient: bool = True, timeout: float = 30):
        super().__init__(daemon=True)
        self.url = f"{base}/api/v1/threads/{thread_id}/comments"
        self.patient = patient
        self.timeout = timeout
        self.acknowledged = []
        self.answers = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.failures = []

    def run(self):
        number = 0
        # Bounded: the test stops it long before, and it stops by itself in any case.
        deadline = time.monotonic() + 300
        while not self.stopping.is_set() and time.monotonic() < deadline:
            number += 1
            address = f"198.51.{100 + number // 250 % 4}.{number % 250 + 1}"
            body = json.dumps({"body": f"Posted under load, number {number}", "name": "Load"}).encode()
            headers = {"Content-Type": "application/json", "X-Forwarded-For": address}
            started = time.monotonic()
            if self.patient:
                status, _, text = http(self.url, data=body, method="POST", timeout=self.timeout,
                                       headers=headers)
            else:
                status, text = _post_once(self.url, body, headers, self.timeout)
            with self.lock:
                self.answers.append((status, time.monotonic() - started))
                if status == 201:
                    self.acknowledged.append(json.loads(text)["comment"]["id"])
                else:
                    self.failures.append((status, text[:200]))
            if status is None:
                # No server to answer: do not spin.
                time.sleep(0.05)

    def so_far(self) -> set[int]:
        with self.lock:
            return set(self.acknowledged)

    def wait_for(self, count: int, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while len(self.so_far()) < count:
            assert time.monotonic() < deadline, f"only {len(self.so_far())} posted: {self.failures[:3]}"
            time.sleep(0.05)

    def finish(self) -> None:
        self.stopping.set()
        self.join(timeout=60)


def _post_once(url: str, body: bytes, headers: dict, timeout: float) -> tuple[int | None, str]:
    """Post once; return the status and body, or None and the error when no whole answer came
    (refused, reset, or cut off in the middle by a server that died)."""
    request = urllib.request.Request(url, headers=headers, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        try:
            return error.code, error.read().decode()
        except (OSError, HTTPException) as cut:
            return None, repr(cut)
    except (OSError, HTTPException) as error:
        return None, repr(error)
