"""The `tribune` command: manage.py's commands plus demo, serve and worker.

    tribune demo [--port N]   migrate the embedded database, load the demo site, serve it locally
                              with a worker beside it and an outbox of the emails it sends
    tribune serve             run the production HTTP server (gunicorn) and the live server beside
                              it, configured from the environment
    tribune live              run the live server alone (new comments as they come, on LIVE_BIND)
    tribune worker [...]      run the background task worker (django-tasks' database worker)
    tribune <command> [...]   any manage.py command: migrate, createsuperuser, shell, ...

A configuration mistake ends the command with one line naming the variable, and exit status 2.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, execute_from_command_line
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from gunicorn.app.base import BaseApplication

from tribune.config.settings.operations import metrics_multiproc_dir
from tribune.config.settings.server import collect_static_at_start, live_bind, server_options, worker_class
from tribune.demo.seed import demo_site_name
from tribune.discussion.comments.live.process import LiveProcess


def main(argv: list[str] | None = None) -> int:
    """Run the command in `argv` (default: sys.argv) and return its exit status."""
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tribune.config.settings.base")
    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo":
        demo = _demo_arguments(argv[2:])
        # The demo's settings: the site's, and an outbox of the emails it sends (settings/demo.py).
        os.environ["DJANGO_SETTINGS_MODULE"] = "tribune.config.settings.demo"
        # Links in the demo's emails lead back to the demo, on whatever port it was given.
        os.environ["SITE_URL"] = f"http://127.0.0.1:{demo.port}"
        # The demo's live server listens on the next port (the settings derive the live address
        # from SITE_URL); an operator's own LIVE_BIND wins.
        os.environ.setdefault("LIVE_BIND", f"127.0.0.1:{demo.port + 1}")
        # The demo is the seed site; an operator's own SITE_NAME still wins.
        os.environ.setdefault("SITE_NAME", demo_site_name())
        # The demo takes gifts through the test provider, which a site does only when told to
        # (see config/settings/payments.py); an operator's own PAYMENTS_TEST_MODE still wins.
        os.environ.setdefault("PAYMENTS_TEST_MODE", "true")

    try:
        if command in ("serve", "demo"):
            _metrics_folder_prepare(metrics_multiproc_dir())
        django.setup()
        if command == "serve":
            options = server_options()
        if command in ("serve", "live", "demo"):
            bind = live_bind()
    except ImproperlyConfigured as exc:
        print(f"tribune: {exc}", file=sys.stderr)
        return 2

    if command == "demo":
        return _demo(demo, bind)
    if command == "serve":
        if getattr(settings, "DEMO", False):
            print("tribune: DJANGO_SETTINGS_MODULE: tribune serve does not run the demo's settings, whose "
                  "outbox shows every email to anyone; use tribune demo", file=sys.stderr)
            return 2
        return _serve(options, bind, argv[2:])
    if command == "live":
        return _live(bind, argv[2:])
    if command == "worker":
        return _worker(argv)

    if command == "migrate":
        _sqlite_folder_prepare()
    try:
        execute_from_command_line(argv)
    except DatabaseError:
        # A command run against a database that was never migrated (a new folder, the wrong
        # DATABASE_URL) fails on a missing table: say which database, and how to migrate it.
        problem = _unmigrated()
        if not problem:
            raise
        print(f"tribune: {problem}", file=sys.stderr)
        return 2
    return 0


def _demo_arguments(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tribune demo", description="Run the demo site locally.")
    parser.add_argument("--port", type=_port, default=8000,
                        help="port on 127.0.0.1 (default 8000; live updates on the next one)")
    return parser.parse_args(args)


def _demo(options: argparse.Namespace, bind: str) -> int:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo_load")
    print(f"Tribune demo: http://127.0.0.1:{options.port}/  (Ctrl+C stops it)\n"
          f"Emails it sends: http://127.0.0.1:{options.port}/demo/outbox/", flush=True)
    # The worker sends the emails (and does the rest of the background work) beside the server,
    # as on a real site; it stops with the demo.
    connections.close_all()
    worker = subprocess.Popen([sys.executable, "-m", "tribune.cli", "worker", "--no-startup-delay",  # noqa: S603
                               "--verbosity", "0"])
    try:
        return _run_gunicorn({"bind": f"127.0.0.1:{options.port}", "workers": 2, "threads": 2,
                              "timeout": 30}, live=bind)
    finally:
        _worker_stop(worker)


def _worker_stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _worker(argv: list[str]) -> int:
    # Imported once Django is set up: the tasks module and the heartbeat load models.
    from tribune.discussion.notifications.tasks import worker_resume
    from tribune.operations.heartbeat import Heartbeat

    # Emails a stopped worker left queued, or was sending, are picked up again first.
    try:
        worker_resume()
    except DatabaseError as exc:
        print(f"tribune worker: the database is not ready ({exc}); run tribune migrate first",
              file=sys.stderr)
        return 2
    if getattr(settings, "DEMO", False):
        _stop_when_orphaned()
    # The heartbeat tells /readyz a worker runs; it is removed when the worker stops, even when
    # told to before db_worker has set its own handlers.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    heartbeat = Heartbeat()
    heartbeat.start()
    try:
        _worker_run(argv[0], argv[2:])
    finally:
        # The worker is stopping: a second Ctrl+C or SIGTERM (the demo sends one after the
        # terminal's) must not cut the heartbeat's removal short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        heartbeat.stop()
    return 0


def _worker_run(program: str, args: list[str]) -> None:
    """Run django-tasks' db_worker; when the database goes away under it, wait until it is back,
    enqueue again the task it was running, and run it again."""
    # Imported once Django is set up: requeuing reads the task queue's model.
    from tribune.core.db.outage import OUTAGE_ERRORS, database_wait
    from tribune.core.tasks_backend import tasks_requeue_abandoned

    # A worker id of ours (db_worker's own is random), to find the tasks this worker claimed.
    worker_id = f"{socket.gethostname()[:48]}:{os.getpid()}"
    if not any(arg.startswith("--worker-id") for arg in args):
        args = ["--worker-id", worker_id, *args]
    while True:
        try:
            execute_from_command_line([program, "db_worker", *args])
            return
        except OUTAGE_ERRORS as exc:
            # db_worker's signal handlers only tell its loop to stop: while waiting, stop at once.
            signal.signal(signal.SIGTERM, _exit_on_signal)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            print(f"tribune worker: the database cannot be reached ({exc}); waiting for it",
                  file=sys.stderr)
            database_wait(timeout=float("inf"))
            requeued = tasks_requeue_abandoned(worker_id=worker_id)
            print(f"tribune worker: the database is back; {requeued} interrupted tasks enqueued again",
                  file=sys.stderr)


def _exit_on_signal(signum, frame) -> None:
    sys.exit(0)


def _stop_when_orphaned() -> None:
    """Stop this process (as Ctrl+C would) once the process that started it is gone: the demo's
    worker must not outlive a demo that was killed."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="tribune-demo-parent", daemon=True).start()


def _serve(options: dict, bind: str, args: list[str]) -> int:
    if args:
        print(f"tribune serve: unexpected arguments {' '.join(args)}; configure it with "
              "BIND, WEB_CONCURRENCY, WEB_THREADS and LIVE_BIND", file=sys.stderr)
        return 2
    # A database with no tables at all is the wrong one, or a new one: every page would fail.
    # (Some migrations left to apply are a release in progress, and /readyz reports them.)
    if not _database_has_tables():
        print(f"tribune serve: {_unmigrated()}", file=sys.stderr)
        return 2
    if collect_static_at_start():
        call_command("collectstatic", interactive=False, verbosity=0)
    return _run_gunicorn(options, live=bind)


def _live(bind: str, args: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tribune live", description="Run the live server alone.")
    parser.add_argument("--parent", type=int, default=None, help=argparse.SUPPRESS)
    options = parser.parse_args(args)
    if not bind:
        print("tribune live: LIVE_BIND is off", file=sys.stderr)
        return 2
    connections.close_all()
    # Imported once Django is set up: the live server loads models.
    from tribune.discussion.comments.live.server import live_serve

    return live_serve(bind=bind, parent=options.parent)


def _run_gunicorn(options: dict, live: str = "") -> int:
    # Imported once Django is set up: the metrics read the database's models.
    from tribune.operations.server import gunicorn_options, metrics_server_maybe_start

    try:
        metrics_server_maybe_start()
    except OSError as exc:
        print(f"tribune: METRICS_BIND: cannot listen there ({exc.strerror or exc})", file=sys.stderr)
        return 2
    # Workers fork from this process: none may inherit an open database connection.
    connections.close_all()

    class TribuneServer(BaseApplication):
        def load_config(self):
            settings = {"worker_class": worker_class(options.get("threads", 1)), **gunicorn_options(),
                        **options}
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            # Imported in the worker process, once the server has forked it.
            from tribune.config.wsgi import application

            return application

    # The live server runs beside the workers, a process of its own (see comments/live/server.py),
    # and stops with them: gunicorn ends with SystemExit on SIGTERM and SIGINT.
    live_process = LiveProcess(live) if live else None
    if live_process is not None:
        live_process.start()
    server = os.getpid()
    try:
        TribuneServer().run()
    except SystemExit as leaving:
        if os.getpid() != server:
            # A worker, forked inside run(), leaves here: it must not unwind the server's own
            # frames, whose cleanup (the live server, the demo's worker) is the server's, and
            # could wait on a lock another thread of the server held when it forked.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(leaving.code if isinstance(leaving.code, int) else 1)
        raise
    finally:
        if live_process is not None:
            live_process.stop()
    return 0


def _unmigrated() -> str:
    """Return why the database is not ready, saying how to migrate it; "" when it is migrated."""
    connection = connections["default"]
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).is_file():
        return (f"there is no database at {_database_named()} yet; run `tribune migrate` to create "
                "it (or set DATABASE_URL / TRIBUNE_VAR_DIR to the site's database)")
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        has_tables = bool(connection.introspection.table_names())
    except DatabaseError as exc:
        return f"cannot read the database {_database_named()} ({' '.join(str(exc).split())})"
    if not plan:
        return ""
    if not has_tables:
        return (f"the database {_database_named()} has no tables yet; run `tribune migrate` to "
                "create them (or set DATABASE_URL / TRIBUNE_VAR_DIR to the site's database)")
    return (f"the database {_database_named()} has {len(plan)} migration(s) to apply; run "
            "`tribune migrate`")


def _sqlite_folder_prepare() -> None:
    """Make the folder of the SQLite file, which SQLite itself will not."""
    connection = connections["default"]
    if connection.vendor == "sqlite":
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def _database_has_tables() -> bool:
    try:
        return MigrationRecorder(connections["default"]).has_table()
    except DatabaseError:
        return False


def _database_named() -> str:
    """Name the default database as an operator knows it: its file, or host and name (no password)."""
    config = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        return str(config["NAME"])
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"{config['NAME']!s} on {host}{port}"


def _metrics_folder_prepare(folder: Path | None) -> None:
    """Empty the folder where the server's processes pool their metrics and name it for them.

    Set before Django starts: prometheus-client chooses how to count when it is first imported.
    Counts a previous server left there would otherwise be added to this one's.
    """
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    # Only prometheus-client's own files: the folder is the operator's to choose.
    for counts in folder.glob("*.db"):
        counts.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is between 1 and 65535, got {port}")
    return port


if __name__ == "__main__":
    sys.exit(main())
