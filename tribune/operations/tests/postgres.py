"""A PostgreSQL cluster of a drill's own, made with Debian's programs, that the drill may stop,
restart and crash without touching the PostgreSQL other tests use.

PostgreSQL refuses to run as root: under root the cluster belongs to the `postgres` user (as
Debian's own clusters do) and lives in a folder of its own under the system's temporary folder,
which that user can reach (a test's tmp_path sits in root's private folder).
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from .helpers import free_port


def postgres_bin_dir() -> Path | None:
    """Return the newest of Debian's PostgreSQL program folders, or None when none is installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(Path(path).parent.parent.name))
    return Path(found[-1]).parent if found else None


class PostgresCluster:
    """A throwaway cluster on 127.0.0.1:`port`, with a superuser `tribune` trusted on that address."""

    user = "tribune"

    def __init__(self):
        self.bin = postgres_bin_dir()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's programs are missing: apt-get install postgresql")
        self.root = Path(tempfile.mkdtemp(prefix="tribune-drill-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgresql.log"
        self.port = free_port()
        self._owner = None
        if os.geteuid() == 0:
            self._owner = pwd.getpwnam("postgres")
            os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
        self._run("initdb", "--no-sync", "-A", "trust", "-U", self.user, "-E", "UTF8", "--locale=C",
                  "-D", str(self.data))

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=60 -c shared_buffers=32MB")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options,
                  "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` ends every session (a restart), `immediate` is a crash."""
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-m", mode, "stop")

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def createdb(self, name: str) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name)

    def remove(self) -> None:
        if self.data.exists() and self.running():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        kwargs = {}
        if self._owner is not None:
            kwargs = {"user": self._owner.pw_uid, "group": self._owner.pw_gid, "extra_groups": []}
        result = subprocess.run([str(self.bin / program), *args], capture_output=True, text=True,
                                timeout=120, check=False, cwd=self.root, **kwargs)
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr or result.stdout}"
                               f"\n{self.log_text()[-2000:]}")
        return result
