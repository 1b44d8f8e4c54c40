"""Real servers a test starts for itself, in a folder of its own: a PostgreSQL primary with a
streaming replica, a Redis (or Valkey) cache, nginx as a caching proxy, and `tribune serve`.

The PostgreSQL clusters are new ones, made with initdb and pg_basebackup on free ports: the
machine's own cluster (the one on 5432 that the suite's DATABASE_URL may name) is never touched.
"""

import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

from tribune.operations.tests.helpers import free_port, http, site_env, wait_until

PG_BIN = Path(os.environ.get("TRIBUNE_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVERS = ("valkey-server", "redis-server")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def redis_server_path() -> str | None:
    for name in REDIS_SERVERS:
        found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
        if found:
            return found
    return None


class PostgresPair:
    """A primary cluster and a hot-standby replica streaming from it, both on 127.0.0.1."""

    def __init__(self):
        # A folder of its own under the system's temporary folder: the clusters' owner must reach
        # it, and pytest's folders are open to their creator alone.
        self.folder = Path(tempfile.mkdtemp(prefix="tribune-pg-"))
        self.primary_dir = self.folder / "primary"
        self.replica_dir = self.folder / "replica"
        self.primary_port = free_port()
        self.replica_port = free_port()
        # PostgreSQL refuses to run as root: the clusters belong to the postgres account when
        # the tests run as root, else to whoever runs them.
        self.user = "postgres" if os.geteuid() == 0 else None

    def start(self):
        self._own(self.folder)
        self._run(PG_BIN / "initdb", "-D", self.primary_dir, "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-sync")
        with open(self.primary_dir / "postgresql.conf", "a") as conf:
            conf.write(f"port = {self.primary_port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.folder}'\nwal_level = replica\n"
                       "max_wal_senders = 4\nfsync = off\nshared_buffers = 32MB\n")
        self._ctl("start", self.primary_dir, self.primary_port)
        self._run(PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U",
                  "postgres", "-D", self.replica_dir, "-R", "-X", "stream", "--no-sync")
        with open(self.replica_dir / "postgresql.conf", "a") as conf:
            conf.write(f"port = {self.replica_port}\nhot_standby = on\n")
        self._ctl("start", self.replica_dir, self.replica_port)
        return self

    def url(self, database: str, *, replica: bool = False) -> str:
        port = self.replica_port if replica else self.primary_port
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    def create_database(self, name: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        wait_until(lambda: self._replica_has(name), timeout=30, what="the replica to have the database")

    def replica_sql(self, sql: str, database: str = "postgres") -> list:
        with psycopg.connect(self.url(database, replica=True), autocommit=True) as db:
            cursor = db.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def primary_sql(self, sql: str, database: str = "postgres") -> list:
        with psycopg.connect(self.url(database), autocommit=True) as db:
            cursor = db.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def stop_replica(self):
        self._ctl("stop", self.replica_dir, self.replica_port, "-m", "immediate")

    def start_replica(self):
        self._ctl("start", self.replica_dir, self.replica_port)

    def stop(self):
        for data in (self.replica_dir, self.primary_dir):
            if (data / "postmaster.pid").exists():
                self._run(PG_BIN / "pg_ctl", "-D", data, "stop", "-m", "immediate", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _replica_has(self, name: str) -> bool:
        try:
            return bool(self.replica_sql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))  # noqa: S608
        except psycopg.OperationalError:
            return False

    def _ctl(self, action, data, port, *extra):
        self._run(PG_BIN / "pg_ctl", "-D", data, "-l", self.folder / f"{Path(data).name}.log", "-w",
                  "-o", f"-p {port}", *extra, action)

    def _own(self, path: Path):
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _run(self, *command, check=True):
        command = [str(part) for part in command]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        return result


class RedisServer:
    """A Redis or Valkey server of the test's own, in memory only, on a free port."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process = None

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [redis_server_path(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis(port=self.port)
        wait_until(lambda: _ping(client), timeout=20, what="redis to answer")
        return self

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def _ping(client) -> bool:
    try:
        return client.ping()
    except Exception:  # noqa: BLE001 (not up yet)
        return False


class Nginx:
    """nginx as a caching reverse proxy (proxy_cache) in front of one or more Tribune servers.

    Its cache keys on the URL; a request with an identity cookie or header, or the pin cookie of
    a reader who has just written, goes past it. `PURGE <path>` from 127.0.0.1 with the purge
    token refreshes the cached copy of that path with no module beyond Debian's nginx: nginx
    fetches it again from the servers and keeps the new answer in place of the old.
    """

    def __init__(self, folder: Path, upstreams: list[int]):
        self.folder = folder
        self.port = free_port()
        self.upstreams = upstreams
        self.process = None
        # The token Tribune's purges carry (HTTP_PURGE_TOKEN), and nginx's refresh secret.
        self.secret = secrets.token_hex(16)

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;\n" for port in self.upstreams)
        (self.folder / "nginx.conf").write_text(f"""{user}worker_processes 1;
daemon off;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log;
events {{ worker_connections 256; }}
http {{
  access_log {self.folder}/access.log;
  client_body_temp_path {self.folder}/body;
  proxy_temp_path {self.folder}/proxy;
  fastcgi_temp_path {self.folder}/fastcgi;
  uwsgi_temp_path {self.folder}/uwsgi;
  scgi_temp_path {self.folder}/scgi;
  proxy_cache_path {self.folder}/cache keys_zone=tribune:4m;
  # Only nginx itself knows the secret that refreshes a kept copy: a reader cannot bust the cache.
  map $http_x_cache_refresh $refresh {{ "{self.secret}" 1; default 0; }}
  upstream tribune {{
{servers}  }}
  server {{
    listen 127.0.0.1:{self.port};
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_cache_key $request_uri;
    location / {{
      if ($request_method = PURGE) {{ rewrite ^(.*)$ /_purge$1 last; }}
      proxy_pass http://tribune;
      proxy_next_upstream error timeout http_502;
      proxy_cache tribune;
      proxy_cache_revalidate on;
      proxy_cache_bypass $refresh $http_x_guest_key $http_authorization $cookie_sessionid $cookie_tribune_guest $cookie_tribune_primary;
      proxy_no_cache $http_x_guest_key $http_authorization $cookie_sessionid $cookie_tribune_guest $cookie_tribune_primary;
      add_header X-Proxy-Cache $upstream_cache_status always;
    }}
    # PURGE <path> with the purge token: ask this nginx for the path again with the refresh
    # secret, which makes it fetch the path from the servers and keep the new answer in place
    # of the old. (nginx caches only GET and HEAD, hence the second request to itself.)
    location /_purge/ {{
      internal;
      allow 127.0.0.1;
      deny all;
      if ($http_authorization != "Bearer {self.secret}") {{ return 403; }}
      rewrite ^/_purge(.*)$ $1 break;
      proxy_pass http://127.0.0.1:{self.port};
      proxy_method GET;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Cache-Refresh {self.secret};
      proxy_set_header Authorization "";
    }}
  }}
}}
""")
        self.process = subprocess.Popen([NGINX, "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_until(lambda: self._up(), timeout=20, what="nginx to listen")
        return self

    def _up(self) -> bool:
        import socket

        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


class TribuneServer:
    """`tribune serve` on a free port with the given environment."""

    def __init__(self, env: dict, *, workers: int = 1, threads: int = 2):
        self.port = free_port()
        self.env = {**env, "BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers),
                    "WEB_THREADS": str(threads)}
        self.process = None

    def start(self, *, wait=True):
        self.process = subprocess.Popen([sys.executable, "-m", "tribune.cli", "serve"], env=self.env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        if wait:
            self.wait()
        return self

    def wait(self, timeout: int = 240):
        """Wait until the server answers its health check; fail with its output if it never does."""
        try:
            status, _headers, _body = http(f"{self.url}/healthz", timeout=timeout)
        except OSError:
            raise AssertionError(f"tribune serve on {self.port} never answered:\n{self.stop()}") from None
        assert status == 200, status

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> str:
        if self.process is None:
            return ""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            output, _ = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            output, _ = self.process.communicate(timeout=30)
        return output


def tribune_env(folder: Path, **changes) -> dict:
    """Return the environment of a Tribune site in `folder` (production settings, quiet logs)."""
    defaults = {"DJANGO_SETTINGS_MODULE": "tribune.config.settings.base", "LOG_LEVEL": "WARNING",
                "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    return site_env(folder, **{**defaults, **changes})


def tribune_shell(env: dict, code: str) -> str:
    """Run Python `code` in `tribune shell` with `env` and return what it printed."""
    result = subprocess.run([sys.executable, "-m", "tribune.cli", "shell", "-c", code], env=env,
                            capture_output=True, text=True, timeout=180, check=False)
    if result.returncode != 0:
        raise AssertionError(f"tribune shell failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip()


SEED_ARTICLE = """
from tribune.newsroom.models import Article
from tribune.newsroom.services import article_create
from tribune.discussion.comments.services import thread_for_article_get_or_create
article = article_create(headline="Water returns to the valley", body="The river is back.",
                         status=Article.Status.PUBLISHED)
thread = thread_for_article_get_or_create(article=article)
print(article.get_absolute_url(), thread.pk)
"""


def seed_article(env: dict) -> tuple[str, int]:
    """Publish an article with a thread; return its path and the thread's id."""
    path, thread_id = tribune_shell(env, SEED_ARTICLE).splitlines()[-1].split()
    return path, int(thread_id)
