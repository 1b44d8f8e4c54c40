"""Django's SQLite backend, with writers taking turns instead of polling for the lock.

SQLite has one write lock per database. A writer that finds it taken sleeps and retries, with
growing sleeps (1, 2, 5, 10 ... 100 ms): under many writers the lock often sits free while they
all sleep. Here a transaction first waits its turn on a lock of its own, then begins: threads of
one process queue on a threading lock and wake the moment it is released, and processes take
turns on an flock()ed file beside the database, polled at growing intervals (50 µs, doubling
up to 2 ms: a post holds the turn for about a millisecond, and a waiter that looked every
0.1 ms woke ten times a millisecond, taking a core from the very writer it waited for). SQLite's
busy timeout still covers writers outside transactions and other programs.

A writer that cannot get its turn within the busy timeout fails as SQLite would, with
"database is locked".

Django gives no public hook for "before BEGIN" and "after the transaction ends", so the
wrapper overrides four private methods of Django's; tribune/core/tests/test_sqlite_backend.py
pins the behaviour of Django's that each override relies on. Its cursors also keep each
statement's conversion from Django's %s placeholders to sqlite3's ? (`_CursorWrapper`). The
backend changes nothing interpreter-wide: an earlier version shortened the interpreter's switch
interval while a thread wrote, which measured no faster (docs/benchmarks.md, run J).
"""

import fcntl
import functools
import logging
import os
import threading
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

logger = logging.getLogger("tribune.db")
# How soon a process looks again whether another process has finished writing: at first, and
# at most (the pause doubles in between). flock() has no timeout, so a wait with one polls.
_POLL_FIRST_SECONDS = 0.00005
_POLL_LONGEST_SECONDS = 0.002


class _WriterTurns:
    """The turns of writers to one database file, for the threads and processes using it."""

    def __init__(self, path: str):
        self.path = path + ".writelock"
        self.thread_lock = threading.Lock()
        self.fd = None
        self.pid = None

    def acquire(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        if not self.thread_lock.acquire(timeout=timeout):
            raise OperationalError("database is locked")
        try:
            fd = self._fd()
            pause = _POLL_FIRST_SECONDS
            while fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OperationalError("database is locked") from None
                    time.sleep(pause)
                    pause = min(pause * 2, _POLL_LONGEST_SECONDS)
        except BaseException:
            self.thread_lock.release()
            raise

    def release(self) -> None:
        try:
            if self.fd is not None:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.thread_lock.release()

    def _fd(self) -> int | None:
        # A forked server process opens the file anew: flock() locks are shared by descriptors
        # inherited across fork, so an inherited one would not keep the processes apart.
        if self.pid != os.getpid():
            self.pid = os.getpid()
            try:
                # Read-only is enough for flock(), so a file made by another user serves too.
                self.fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o644)
            except OSError as exc:
                # Turns are for speed; SQLite's own lock keeps writes correct without them.
                logger.warning("Cannot open %s (%s): server processes will not take turns writing",
                               self.path, exc)
                self.fd = None
        return self.fd


_turns: dict[str, _WriterTurns] = {}
_turns_lock = threading.Lock()


def _turns_for(path: str) -> _WriterTurns:
    with _turns_lock:
        turns = _turns.get(path)
        if turns is None:
            turns = _turns[path] = _WriterTurns(path)
        return turns


class _CursorWrapper(base.SQLiteCursorWrapper):
    """Django's cursor, turning a statement's %s placeholders into sqlite3's ? once per text.

    Django converts on every run, with a regular expression behind a lazy object: 3 % of a
    post's time, for statements whose text is the same every time."""

    def convert_query(self, query, *, param_names=None):
        if param_names is None and len(query) <= _CONVERTED_LONGEST:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)


# Texts longer than this (a batch of rows written at once) are converted every time, not kept.
_CONVERTED_LONGEST = 4000


@functools.lru_cache(maxsize=512)
def _qmark(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class DatabaseWrapper(base.DatabaseWrapper):
    _holds_turn = False

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=_CursorWrapper)

    def _writer_turns(self) -> _WriterTurns | None:
        name = str(self.settings_dict["NAME"])
        if self.is_in_memory_db() or not name:
            return None
        # Every write transaction asks; the file's absolute path is worked out once per name
        # (a test may point the connection at another file).
        cached = self.__dict__.get("_turns_cached")
        if cached is None or cached[0] != name:
            cached = self._turns_cached = (name, _turns_for(os.path.abspath(name)))
        return cached[1]

    def _start_transaction_under_autocommit(self):
        turns = self._writer_turns()
        if turns is not None and not self._holds_turn:
            turns.acquire(timeout=float(self.settings_dict["OPTIONS"].get("timeout", 5)))
            self._holds_turn = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_turn()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._end_turn()

    def _end_turn(self) -> None:
        if self._holds_turn:
            self._holds_turn = False
            self._writer_turns().release()
