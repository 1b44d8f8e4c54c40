"""The `tribune` command: manage.py's commands plus demo, serve and worker.

    tribune demo [--port N]   migrate the embedded database, load the demo site, serve it locally
    tribune serve             run the production HTTP server (gunicorn), configured from the environment
    tribune worker [...]      run the background task worker (django-tasks' database worker)
    tribune <command> [...]   any manage.py command: migrate, createsuperuser, shell, ...

A configuration mistake ends the command with one line naming the variable, and exit status 2.
"""

import argparse
import os
import sys
from pathlib import Path

import django
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, execute_from_command_line
from django.db import DatabaseError, connections
from gunicorn.app.base import BaseApplication

from tribune.config.settings.operations import metrics_multiproc_dir
from tribune.config.settings.server import server_options, worker_class
from tribune.demo.seed import demo_site_name


def main(argv: list[str] | None = None) -> int:
    """Run the command in `argv` (default: sys.argv) and return its exit status."""
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tribune.config.settings.base")
    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo":
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
    except ImproperlyConfigured as exc:
        print(f"tribune: {exc}", file=sys.stderr)
        return 2

    if command == "demo":
        return _demo(argv[2:])
    if command == "serve":
        return _serve(options, argv[2:])
    if command == "worker":
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
        # The heartbeat tells /readyz a worker runs; it is removed when the worker stops.
        heartbeat = Heartbeat()
        heartbeat.start()
        try:
            execute_from_command_line([argv[0], "db_worker", *argv[2:]])
        finally:
            heartbeat.stop()
        return 0

    execute_from_command_line(argv)
    return 0


def _demo(args: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tribune demo", description="Run the demo site locally.")
    parser.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default 8000)")
    options = parser.parse_args(args)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo_load")
    print(f"Tribune demo: http://127.0.0.1:{options.port}/  (Ctrl+C stops it)", flush=True)
    return _run_gunicorn(
        {"bind": f"127.0.0.1:{options.port}", "workers": 2, "threads": 2, "timeout": 30}
    )


def _serve(options: dict, args: list[str]) -> int:
    if args:
        print(f"tribune serve: unexpected arguments {' '.join(args)}; configure it with "
              "BIND, WEB_CONCURRENCY and WEB_THREADS", file=sys.stderr)
        return 2
    call_command("collectstatic", interactive=False, verbosity=0)
    return _run_gunicorn(options)


def _run_gunicorn(options: dict) -> int:
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

    TribuneServer().run()
    return 0


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
