"""`tribune demo` runs the worker beside the server and stops it with itself; its outbox exists
only in the demo."""

import signal
import sqlite3

import pytest

from tribune.operations.tests.helpers import free_port, http, site_env, start, stop, tribune, wait_until


def heartbeats(var_dir) -> int:
    try:
        with sqlite3.connect(var_dir / "tribune.sqlite3") as db:
            return db.execute("SELECT COUNT(*) FROM operations_workerheartbeat").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_the_demos_worker_runs_beside_it_and_stops_with_it(tmp_path, how):
    port = free_port()
    demo = start("demo", "--port", str(port), env=site_env(tmp_path))
    try:
        http(f"http://127.0.0.1:{port}/healthz", timeout=120)
        # The worker starts beside the server and says so within a moment.
        wait_until(lambda: http(f"http://127.0.0.1:{port}/readyz?checks=worker")[0] == 200,
                   what="the demo's worker")
        assert heartbeats(tmp_path) == 1
    finally:
        # The demo alone, not its process group: the worker must follow it by itself.
        demo.send_signal(how)
        stop(demo)
    # A worker that stops removes its heartbeat: it is gone, not merely quiet.
    wait_until(lambda: heartbeats(tmp_path) == 0, timeout=30, what="the demo's worker to stop")


def test_the_outbox_is_not_served_by_tribune_serve(tmp_path):
    port = free_port()
    env = site_env(tmp_path, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=1)
    tribune("migrate", "-v0", env=env)
    server = start("serve", env=env)
    try:
        assert http(f"http://127.0.0.1:{port}/healthz")[0] == 200
        assert http(f"http://127.0.0.1:{port}/demo/outbox/")[0] == 404
    finally:
        stop(server)


def test_tribune_serve_refuses_the_demos_settings(tmp_path):
    env = site_env(tmp_path, DJANGO_SETTINGS_MODULE="tribune.config.settings.demo", BIND=f"127.0.0.1:{free_port()}")
    result = tribune("serve", env=env, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("tribune: DJANGO_SETTINGS_MODULE: tribune serve does not run the demo's")
