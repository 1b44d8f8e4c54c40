"""The `tribune` command: manage.py's commands plus demo, serve and worker.

    tribune demo [--port N]   migrate the embedded database, load the demo site, serve it locally
    tribune serve             run the production HTTP server (gunicorn) and the live server beside
                              it, configured from the environment
    tribune live              run the live server alone (new comments as they come, on LIVE_BIND)
    tribune worker [...]      run the background task worker (django-tasks' database worker)
    tribune <command> [...]   any manage.py command: migrate, createsuperuser, shell, ...

A configuration mistake ends the command with one line naming the variable, and exit status 2.
"""

import argparse
import os
import sys

import django
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, execute_from_command_line
from django.db import DatabaseError, connections
from gunicorn.app.base import BaseApplication

from tribune.config.settings.server import live_bind, server_options, worker_class
from tribune.demo.seed import demo_site_name
from tribune.discussion.comments.live.process import LiveProcess


def main(argv: list[str] | None = None) -> int:
    """Run the command in `argv` (default: sys.argv) and return its exit status."""
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tribune.config.settings.base")
    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo":
        demo_options = _demo_arguments(argv[2:])
        # The demo's live server listens on the next port, and its pages are read at 127.0.0.1
        # (the settings derive the live address from SITE_URL); an operator's own values win.
        os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{demo_options.port}")
        os.environ.setdefault("LIVE_BIND", f"127.0.0.1:{demo_options.port + 1}")
        # The demo is the seed site; an operator's own SITE_NAME still wins.
        os.environ.setdefault("SITE_NAME", demo_site_name())
        # The demo takes gifts through the test provider, which a site does only when told to
        # (see config/settings/payments.py); an operator's own PAYMENTS_TEST_MODE still wins.
        os.environ.setdefault("PAYMENTS_TEST_MODE", "true")

    try:
        django.setup()
        if command == "serve":
            options = server_options()
        if command in ("serve", "live", "demo"):
            bind = live_bind()
    except ImproperlyConfigured as exc:
        print(f"tribune: {exc}", file=sys.stderr)
        return 2

    if command == "demo":
        return _demo(demo_options, bind)
    if command == "serve":
        return _serve(options, bind, argv[2:])
    if command == "live":
        return _live(bind, argv[2:])
    if command == "worker":
        # Imported once Django is set up: the tasks module loads models.
        from tribune.discussion.notifications.tasks import worker_resume

        # Emails a stopped worker left queued, or was sending, are picked up again first.
        try:
            worker_resume()
        except DatabaseError as exc:
            print(f"tribune worker: the database is not ready ({exc}); run tribune migrate first",
                  file=sys.stderr)
            return 2
        execute_from_command_line([argv[0], "db_worker", *argv[2:]])
        return 0

    execute_from_command_line(argv)
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
    print(f"Tribune demo: http://127.0.0.1:{options.port}/  (Ctrl+C stops it)", flush=True)
    return _run_gunicorn(
        {"bind": f"127.0.0.1:{options.port}", "workers": 2, "threads": 2, "timeout": 30}, live=bind
    )


def _serve(options: dict, bind: str, args: list[str]) -> int:
    if args:
        print(f"tribune serve: unexpected arguments {' '.join(args)}; configure it with "
              "BIND, WEB_CONCURRENCY, WEB_THREADS and LIVE_BIND", file=sys.stderr)
        return 2
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
    # Workers fork from this process: none may inherit an open database connection.
    connections.close_all()

    class TribuneServer(BaseApplication):
        def load_config(self):
            settings = {"worker_class": worker_class(options.get("threads", 1)), **options}
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
    try:
        TribuneServer().run()
    finally:
        if live_process is not None:
            live_process.stop()
    return 0


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
