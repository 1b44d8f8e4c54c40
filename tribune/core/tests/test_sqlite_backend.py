"""Tribune's SQLite backend overrides private methods of Django's: what it relies on is pinned.

tribune.core.db.sqlite3 takes a writer's turn before a transaction begins and gives it back
when the transaction ends. Django has no public hook for either, so the backend overrides the
four private methods listed in OVERRIDES. Each test below pins, on Django's own SQLite backend
(not Tribune's), the behaviour of Django's that the override relies on, so that a Django upgrade
that changes it fails here rather than leaving writers without turns or holding a turn for good:

- `_start_transaction_under_autocommit`: the outermost atomic() block begins its transaction
  through it, once, before any statement of the block (a nested block takes a savepoint), and
  the transaction is open when it returns;
- `_commit` and `_rollback`: the transaction ends in them, whether atomic() ends it (success,
  exception, a failed commit) or the caller does (connection.commit() / rollback());
- `_close`: closing the connection (which ends its transaction) goes through it, once, also in
  the middle of an atomic() block, and the block's end then neither commits nor rolls back.

The tests use a SQLite file of their own, so they run whatever database the suite uses.
"""

import sys
import threading
import uuid
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3 import base as django_sqlite

from tribune.core.db.sqlite3 import base as tribune_sqlite

OVERRIDES = {"_start_transaction_under_autocommit", "_commit", "_rollback", "_close"}


class _Recording(django_sqlite.DatabaseWrapper):
    """Django's SQLite backend, noting each call of the overridden methods and whether SQLite
    had a transaction open after it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = []

    def _note(self, name):
        raw = self.connection
        self.calls.append((name, raw is not None and raw.in_transaction))

    def _start_transaction_under_autocommit(self):
        try:
            super()._start_transaction_under_autocommit()
        finally:
            self._note("begin")

    def _commit(self):
        try:
            super()._commit()
        finally:
            self._note("commit")

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._note("rollback")

    def _close(self):
        super()._close()
        self.calls.append(("close", None))


@contextmanager
def _database(wrapper_class, tmp_path, django_db_blocker):
    """Yield a connection of `wrapper_class` to a SQLite file of its own, under an alias of its own."""
    alias = f"pinned_{uuid.uuid4().hex[:8]}"
    settings = {**connections["default"].settings_dict, "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "pinned.sqlite3"), "TEST": {},
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 1}}
    connection = wrapper_class(settings, alias)
    connections[alias] = connection
    try:
        with django_db_blocker.unblock():
            with connection.cursor() as cursor:
                cursor.execute("CREATE TABLE note (text varchar(20) UNIQUE)")
            yield connection
    finally:
        connection.close()
        del connections[alias]


def _insert(connection, text):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO note (text) VALUES (%s)", [text])


def _insert_child(connection, parent):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO child (parent) VALUES (%s)", [parent])


@pytest.fixture
def recording(tmp_path, django_db_blocker):
    with _database(_Recording, tmp_path, django_db_blocker) as connection:
        connection.calls.clear()
        yield connection


def test_the_backend_overrides_no_other_private_method_of_django():
    ours = {name for name in vars(tribune_sqlite.DatabaseWrapper)
            if name.startswith("_") and not name.startswith("__")}
    djangos = {name for name in ours if hasattr(django_sqlite.DatabaseWrapper, name)}
    # A new override needs a test here of the behaviour it relies on.
    assert djangos == OVERRIDES
    # And the names of its own must not shadow one that a later Django adds.
    assert not any(hasattr(BaseDatabaseWrapper, name) for name in ours - OVERRIDES)


def test_django_begins_an_outermost_atomic_block_through_start_transaction_under_autocommit(recording):
    with transaction.atomic(using=recording.alias):
        assert recording.calls == [("begin", True)]
        with transaction.atomic(using=recording.alias):
            _insert(recording, "nested")
        _insert(recording, "outer")
        assert recording.calls == [("begin", True)]
    assert recording.calls == [("begin", True), ("commit", False)]


def test_django_ends_a_failed_atomic_block_through_rollback(recording):
    with pytest.raises(ZeroDivisionError), transaction.atomic(using=recording.alias):
        _insert(recording, "lost")
        1 / 0  # noqa: B018 - the block fails
    assert recording.calls == [("begin", True), ("rollback", False)]
    with transaction.atomic(using=recording.alias):
        transaction.set_rollback(True, using=recording.alias)
    assert recording.calls[-2:] == [("begin", True), ("rollback", False)]


def test_django_rolls_back_through_rollback_when_the_commit_fails(recording):
    with recording.cursor() as cursor:
        cursor.execute("CREATE TABLE child (parent varchar(20) REFERENCES note (text) "
                       "DEFERRABLE INITIALLY DEFERRED)")
        cursor.execute("PRAGMA foreign_keys = ON")
    recording.calls.clear()
    with pytest.raises(DatabaseError), transaction.atomic(using=recording.alias):
        # Checked at COMMIT, which then fails.
        _insert_child(recording, "nowhere")
    assert [name for name, _ in recording.calls] == ["begin", "commit", "rollback"]
    assert recording.connection.in_transaction is False


def test_django_commits_and_rolls_back_a_callers_transaction_through_commit_and_rollback(recording):
    recording.set_autocommit(False)
    _insert(recording, "kept")
    recording.commit()
    _insert(recording, "dropped")
    recording.rollback()
    recording.set_autocommit(True)
    assert [name for name, _ in recording.calls] == ["commit", "rollback"]
    assert all(open_after is False for _, open_after in recording.calls)


def test_django_closes_through_close_once_even_inside_an_atomic_block(recording):
    with transaction.atomic(using=recording.alias):
        _insert(recording, "cut")
        recording.close()
        recording.close()
    assert recording.calls == [("begin", True), ("close", None)]
    with transaction.atomic(using=recording.alias):
        pass
    assert recording.calls[-2:] == [("begin", True), ("commit", False)]


# The same sequences on Tribune's backend: its turn is held exactly while a transaction is open.

@pytest.fixture
def tribune(tmp_path, django_db_blocker):
    with _database(tribune_sqlite.DatabaseWrapper, tmp_path, django_db_blocker) as connection:
        yield connection


def _turn_is_free(connection) -> bool:
    """Return whether another thread could take the turn to write to `connection`'s file."""
    result = []

    def take():
        turns = connection._writer_turns()
        try:
            turns.acquire(timeout=0.05)
        except DatabaseError:
            result.append(False)
        else:
            turns.release()
            result.append(True)

    other = threading.Thread(target=take)
    other.start()
    other.join()
    return result[0]


def test_tribunes_backend_holds_the_turn_from_begin_to_the_end_of_the_transaction(tribune):
    assert _turn_is_free(tribune)
    with transaction.atomic(using=tribune.alias):
        assert not _turn_is_free(tribune)
    assert _turn_is_free(tribune)
    with pytest.raises(ZeroDivisionError), transaction.atomic(using=tribune.alias):
        assert not _turn_is_free(tribune)
        1 / 0  # noqa: B018 - the block fails
    assert _turn_is_free(tribune)
    with transaction.atomic(using=tribune.alias):
        _insert(tribune, "cut")
        tribune.close()
        assert _turn_is_free(tribune)
    assert _turn_is_free(tribune)


def test_a_writer_changes_no_interpreter_wide_setting(tribune):
    # Every thread of the process would feel it, writing or not: only a measured gain would
    # justify that (docs/benchmarks.md).
    before = sys.getswitchinterval()
    with transaction.atomic(using=tribune.alias):
        _insert(tribune, "quiet")
        assert sys.getswitchinterval() == before
    assert sys.getswitchinterval() == before


def test_tribunes_cursor_converts_a_statements_placeholders_once_and_as_django_does(tribune):
    # Django converts %s to sqlite3's ? with a regular expression on every run; Tribune's
    # cursor keeps each text's conversion.
    from tribune.core.db.sqlite3.base import _qmark

    _insert(tribune, "50%")
    before = _qmark.cache_info()
    with tribune.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT text, '100%%' FROM note WHERE text = %s AND text LIKE '5%%'", ["50%"])
            assert cursor.fetchall() == [("50%", "100%")]
        cursor.execute("SELECT text FROM note WHERE text = %(text)s", {"text": "50%"})
        assert cursor.fetchall() == [("50%",)]
        # Longer than the texts kept: converted each time, as Django does.
        long = "SELECT text FROM note WHERE text IN (" + ", ".join(["%s"] * 1500) + ")"  # noqa: S608
        cursor.execute(long, ["50%"] * 1500)
        assert cursor.fetchall() == [("50%",)]
    after = _qmark.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 2)
