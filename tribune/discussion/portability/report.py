"""What an import did: counts, and every item it skipped or repaired, with the reason.

Problems go to a tab-separated file as they happen, so a file with a million bad rows costs no
memory; the report keeps counts per kind for the summary. The file is written under a temporary
name beside its place and moved there when the import is done, so an import that is refused
leaves no report behind (and an earlier one as it was).
"""

import os
import tempfile
import time
from collections import Counter
from pathlib import Path

from .records import Problem


class ImportReport:
    def __init__(self, *, problems_path: Path | None = None):
        self.created = Counter()
        self.present = Counter()
        self.skipped = Counter()
        self.repaired = Counter()
        self.problems_path = problems_path
        self.dry_run = False
        self.started = time.monotonic()
        self._file = None
        self._temporary: Path | None = None
        self._written = False

    def add(self, problem: Problem) -> None:
        """Count `problem` and list it in the problems file."""
        (self.skipped if problem.skipped else self.repaired)[problem.kind] += 1
        if self.problems_path is not None:
            if self._file is None:
                self.open()
            if not self._written:
                self._written = True
                self._file.write("outcome\tkind\titem\treason\n")
            outcome = "skipped" if problem.skipped else "repaired"
            fields = (outcome, problem.kind, problem.item, problem.reason)
            self._file.write("\t".join(" ".join(str(f).split()) for f in fields) + "\n")

    def open(self) -> None:
        """Start the problems file under a temporary name beside its place.

        Call it before the import to learn at once that the place cannot be written (OSError);
        otherwise the first problem calls it.
        """
        handle, name = tempfile.mkstemp(prefix=f".{self.problems_path.name}.", suffix=".part",
                                        dir=self.problems_path.parent)
        self._temporary = Path(name)
        self._file = os.fdopen(handle, "w", encoding="utf-8")

    def close(self, *, keep: bool = True) -> None:
        """Put the problems file in its place if it lists anything, or with `keep=False` (a
        refused import) drop it."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._temporary is not None:
            if keep and self._written:
                os.replace(self._temporary, self.problems_path)
            else:
                self._temporary.unlink(missing_ok=True)
            self._temporary = None

    @property
    def seconds(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    def summary(self) -> str:
        """Return the lines an operator reads after the import."""
        lines = []
        verb = "would import" if self.dry_run else "imported"
        kinds = ("article", "thread", "comment", "vote")
        done = ", ".join(_count(self.created[k], k) for k in kinds if self.created[k])
        lines.append(f"{verb}: {done or 'nothing new'} in {self.seconds:.1f}s "
                     f"({self.created['comment'] / self.seconds:,.0f} comments/s)")
        present = ", ".join(_count(n, k) for k, n in sorted(self.present.items()))
        if present:
            lines.append(f"already there (unchanged): {present}")
        for label, counter in (("skipped", self.skipped), ("repaired", self.repaired)):
            if counter:
                parts = ", ".join(f"{n:,} {k}" for k, n in sorted(counter.items()))
                lines.append(f"{label}: {parts}")
        if self.problems_path is not None and (self.skipped or self.repaired):
            lines.append(f"each skipped or repaired item, with the reason: {self.problems_path}")
        if self.dry_run:
            lines.append("dry run: the database was not changed")
        return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
