"""`tribune worker` leaves a heartbeat that /readyz reads, and takes it away when it stops."""

import sqlite3

from .helpers import site_env, start, stop, tribune, wait_until

READY_WORKER = ("from tribune.operations.health import readiness; "
                "print(readiness(checks=['worker'])['worker'])")


def heartbeats(var_dir) -> list:
    with sqlite3.connect(var_dir / "tribune.sqlite3") as db:
        return db.execute("SELECT worker_id, seen_at FROM operations_workerheartbeat").fetchall()


def test_a_running_worker_is_seen_and_a_stopped_one_is_gone_at_once(tmp_path):
    env = site_env(tmp_path)
    tribune("migrate", "-v0", env=env)
    assert tribune("shell", "-c", READY_WORKER, env=env).stdout.splitlines()[-1].startswith("no worker seen")

    worker = start("worker", "--no-startup-delay", env=env)
    try:
        beats = wait_until(lambda: heartbeats(tmp_path), what="the worker's heartbeat")
        assert len(beats) == 1
        assert tribune("shell", "-c", READY_WORKER, env=env).stdout.splitlines()[-1] == "ok"
    finally:
        output = stop(worker)
    assert worker.returncode == 0, output
    assert heartbeats(tmp_path) == []
