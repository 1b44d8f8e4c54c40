"""Running the `tribune` command as an operator does: a fresh site in a folder of its own."""

import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

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
    return subprocess.Popen([sys.executable, "-m", "tribune.cli", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> str:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    output, _ = process.communicate(timeout=60)
    return output


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
    uses (a new PostgreSQL database when DATABASE_URL names one, else SQLite in the folder)."""

    def __init__(self, folder, **env_changes):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.database_name = None
        run_url = os.environ.get("DATABASE_URL", "")
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
            with psycopg.connect(self._admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
