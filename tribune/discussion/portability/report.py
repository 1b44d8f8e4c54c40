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

# Threads without a page named in the summary; the problems file lists every one.
NO_PAGE_SHOWN = 20


class ImportReport:
    def __init__(self, *, problems_path: Path | None = None):
        self.created = Counter()
        self.present = Counter()
        self.skipped = Counter()
        self.repaired = Counter()
        # Addresses of the import's threads that no article of the site matches.
        self.without_page: list[str] = []
        self.problems_path = problems_path
        self.dry_run = False
        self.started = time.monotonic()
        self._file = None
        self._temporary: Path | None = None
        self._written = False

    def add(self, problem: Problem) -> None:
        """Count `problem` and list it in the problems file."""
        (self.skipped if problem.skipped else self.repaired)[problem.kind] += 1
        self._write("skipped" if problem.skipped else "repaired", problem.kind, problem.item, problem.reason)

    def no_page(self, url: str) -> None:
        """Note a thread of the import that no article of the site matches: its comments show
        only where a page at `url` embeds the discussion."""
        self.without_page.append(url)

    @property
    def no_page_path(self) -> Path | None:
        """Where every address of a thread with no page is listed, beside the problems file."""
        if self.problems_path is None:
            return None
        name = self.problems_path.name.removesuffix(".problems.tsv").removesuffix(".tsv")
        return self.problems_path.with_name(f"{name}.no-page.txt")

    def _write(self, outcome: str, kind: str, item: str, reason: str) -> None:
        # Every line of the problems file is a skipped or repaired item.
        if self.problems_path is None:
            return
        if self._file is None:
            self.open()
        if not self._written:
            self._written = True
            self._file.write("outcome\tkind\titem\treason\n")
        self._file.write("\t".join(" ".join(str(f).split()) for f in (outcome, kind, item, reason)) + "\n")

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
        refused import) drop it. With more threads without a page than the summary names, list
        them all in their own file (no_page_path)."""
        if keep and len(self.without_page) > NO_PAGE_SHOWN and self.no_page_path is not None:
            self.no_page_path.write_text("".join(f"{url}\n" for url in self.without_page), encoding="utf-8")
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
        if self.without_page:
            lines.append(f"{_count(len(self.without_page), 'thread')} with no page on this site (no article "
                         "matches the address; the comments show only where a page there embeds the "
                         "discussion, or import again with --create-articles):")
            lines.extend(f"  {url}" for url in self.without_page[:NO_PAGE_SHOWN])
            if len(self.without_page) > NO_PAGE_SHOWN:
                more = len(self.without_page) - NO_PAGE_SHOWN
                lines.append(f"  and {more:,} more" + (f", all listed in {self.no_page_path}"
                                                       if self.no_page_path is not None else ""))
        if self.problems_path is not None and (self.skipped or self.repaired):
            lines.append(f"each skipped or repaired item, with the reason: {self.problems_path}")
        if self.dry_run:
            lines.append("dry run: the database was not changed")
        return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
