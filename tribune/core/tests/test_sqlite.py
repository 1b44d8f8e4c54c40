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
