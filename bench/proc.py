"""CPU time of this machine's processes, read from /proc (Linux), for the benchmarks."""

import os
from collections.abc import Callable
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def _stat(path: Path) -> tuple[str, list[str]]:
    """Return a process's name and the fields of its stat after the name (state first)."""
    name, _, rest = path.read_text().partition(" (")[2].rpartition(")")
    return name, rest.split()


def process_cpu_seconds(pid: int) -> float:
    """Return the CPU time (user and system) one process has used so far."""
    _, fields = _stat(Path(f"/proc/{pid}/stat"))
    return (int(fields[11]) + int(fields[12])) / _TICK


def processes_cpu_seconds(match: Callable[[str, list[str]], bool]) -> float:
    """Return the CPU time used so far by every process for which match(name, fields) holds
    (fields as in /proc/PID/stat after the name: state, ppid, pgrp, session, ...), the children
    they have reaped included."""
    ticks = 0
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = _stat(path)
        except OSError:
            continue  # the process ended meanwhile
        if match(name, fields):
            # utime, stime, cutime, cstime
            ticks += sum(int(x) for x in fields[11:15])
    return ticks / _TICK
