"""SQLite is set up for a web server: WAL, a busy timeout, and writers that wait for each other."""

import threading

import pytest
from django.db import connection, connections

from tribune.newsroom.models import Section

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="checks the embedded SQLite database's settings"
)


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


@pytest.mark.django_db(transaction=True)
def test_two_requests_writing_at_once_both_succeed():
    barrier = threading.Barrier(2)
    errors = []

    def write(number):
        try:
            from django.db import transaction

            barrier.wait()
            with transaction.atomic():
                Section.objects.create(name=f"Section {number}", slug=f"section-{number}")
                # Hold the write lock a moment so the other writer has to wait for it.
                Section.objects.filter(slug=f"section-{number}").update(name=f"Section {number}!")
        except Exception as exc:  # the test reports any failure of either writer
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Section.objects.filter(name__endswith="!").count() == 2


@pytest.mark.django_db(transaction=True)
def test_many_writers_at_once_all_succeed_and_none_loses_a_write():
    from django.db import transaction

    from tribune.core.ratelimit import rate_count_recent, rate_limit_hit

    barrier = threading.Barrier(8)
    errors = []

    def write():
        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    rate_limit_hit(scope="test", key="shared", limit=1000, window=3600,
                                   also=(("test_also", 60),))
        except Exception as exc:  # the test reports any failure of any writer
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert rate_count_recent(scope="test", key="shared", seconds=7200) == 80
    assert rate_count_recent(scope="test_also", key="shared", seconds=120) == 80


def _turn_held_elsewhere(path: str, *, seconds: float):
    """Start a process that holds the writers' turn of the database at `path` for `seconds`;
    return it once it holds it."""
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, time\n"
        f"fd = os.open({path!r} + '.writelock', os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        f"time.sleep({seconds})\n"
    )], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_writer_waits_for_another_process_and_gives_up_at_the_timeout(tmp_path):
    import time

    from django.db import OperationalError

    from tribune.core.db.sqlite3.base import _WriterTurns

    path = str(tmp_path / "site.sqlite3")
    # Another process holds the turn for a second, as a server process in a long transaction.
    holder = _turn_held_elsewhere(path, seconds=1)
    turns = _WriterTurns(path)
    with pytest.raises(OperationalError, match="database is locked"):
        turns.acquire(timeout=0.1)
    started = time.monotonic()
    turns.acquire(timeout=10)
    waited = time.monotonic() - started
    turns.release()
    holder.wait(timeout=10)
    # It got the turn as the other process let go, not at the end of its timeout.
    assert waited < 5
    # Its threads take turns too: a second thread waits for the first.
    _assert_a_second_thread_waits(turns)


def test_a_waiting_writer_does_not_keep_waking_up(tmp_path, monkeypatch):
    # A post holds the turn for about a millisecond; a waiter that looked every 0.1 ms took a
    # core from the writer it waited for (2 cores, two server processes): its pauses grow.
    import fcntl
    import time

    from tribune.core.db.sqlite3.base import _WriterTurns

    path = str(tmp_path / "site.sqlite3")
    holder = _turn_held_elsewhere(path, seconds=0.4)
    tries = []
    flock = fcntl.flock
    monkeypatch.setattr(fcntl, "flock", lambda fd, operation: (tries.append(operation), flock(fd, operation))[1])
    turns = _WriterTurns(path)
    started = time.monotonic()
    turns.acquire(timeout=10)
    waited = time.monotonic() - started
    turns.release()
    holder.wait(timeout=10)
    # About 0.4 s of waiting: some 200 looks at 2 ms apart, where 0.1 ms made thousands.
    assert 0.2 < waited < 2
    assert len(tries) < waited / 0.0015, (len(tries), waited)


def _try(turns) -> str:
    from django.db import OperationalError

    try:
        turns.acquire(timeout=0.1)
    except OperationalError as exc:
        return str(exc)
    turns.release()
    return "acquired"


def test_without_a_lock_file_writers_still_take_turns_within_the_process(tmp_path):
    from tribune.core.db.sqlite3.base import _WriterTurns

    turns = _WriterTurns(str(tmp_path / "missing-folder" / "site.sqlite3"))
    _assert_a_second_thread_waits(turns)
    assert _try(turns) == "acquired"


def _assert_a_second_thread_waits(turns) -> None:
    turns.acquire(timeout=1)
    try:
        result = []
        other = threading.Thread(target=lambda: result.append(_try(turns)))
        other.start()
        other.join()
        assert result == ["database is locked"]
    finally:
        turns.release()
