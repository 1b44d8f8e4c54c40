"""`tribune import FORMAT FILE [--dry-run]`: bring comments in from another system's export."""

import gzip
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from tribune.core.errors import DomainError
from tribune.discussion.portability.report import ImportReport
from tribune.discussion.portability.services.imports import comments_import

from ...readers import READERS


class Command(BaseCommand):
    help = ("Import comments from a WordPress (WXR 1.0-1.2, wpDiscuz), Disqus, Isso (JSON or "
            "SQLite), Commento, Remark42 or Tribune export. All or nothing; safe to run twice.")

    def add_arguments(self, parser):
        parser.add_argument("format", choices=sorted(READERS), help="the system the file comes from")
        parser.add_argument("file", type=Path, help="the export file (.gz is read as it is)")
        parser.add_argument("--dry-run", action="store_true",
                            help="read and check everything, then store nothing")
        parser.add_argument("--progress", action="store_true",
                            help="show progress even when stderr is not a terminal")
        parser.add_argument("--report", "--problems", type=Path, default=None, dest="report",
                            help="where to list each skipped and repaired item (default: beside "
                                 "FILE, as FILE.problems.tsv)")
        parser.add_argument("--pings", choices=["skip", "keep"], default="skip",
                            help="WordPress pingbacks and trackbacks: skip them (default), or keep "
                                 "them apart under the source wordpress-ping, held for review")
        parser.add_argument("--create-articles", action="store_true",
                            help="create an article for each post the export has and this site "
                                 "lacks (WordPress posts; Tribune exports' articles as drafts)")
        parser.add_argument("--base-url", default="",
                            help="site address that makes relative page addresses whole (Isso)")

    def handle(self, *args, **options):
        path: Path = options["file"]
        problems = options["report"] or path.parent / f"{path.name}.problems.tsv"
        report = ImportReport(problems_path=problems)
        show = options["progress"] or sys.stderr.isatty()
        try:
            _import(path, report=report, options=options, show=show)
        except BaseException:
            # Refused: nothing was stored, so no report of it is left either.
            report.close(keep=False)
            raise
        try:
            report.close()
        except OSError as exc:
            raise CommandError(_one_line(
                f"{problems}: {exc.strerror or exc}; the import is done, but its problems report "
                "could not be put there")) from None
        if show:
            sys.stderr.write("\n")
        self.stdout.write(report.summary())


def _import(path: Path, *, report: ImportReport, options: dict, show: bool) -> None:
    # argparse has refused any other format (choices=READERS).
    reader = READERS[options["format"]]
    try:
        with _open(path) as stream:
            _report_open(report, path)
            size = _size(path)
            progress = _Progress(stream, size, options["format"]) if show else None
            records = reader(stream, options=_ReaderOptions(options))
            comments_import(records=records, report=report, dry_run=options["dry_run"],
                            create_articles=options["create_articles"],
                            base_url=options["base_url"], progress=progress)
    except OSError as exc:
        # The export itself, or the problems list that could not be written.
        raise CommandError(_one_line(f"{exc.filename or path}: {exc.strerror or exc}; "
                                     "nothing was imported")) from None
    except DomainError as exc:
        raise CommandError(_one_line(f"{path}: {exc.message}; nothing was imported")) from None
    except DatabaseError as exc:
        raise CommandError(
            _one_line(f"the database refused the import ({exc}); nothing was imported")
        ) from None


class _ReaderOptions:
    def __init__(self, options: dict):
        self.pings = options["pings"]
        self.create_articles = options["create_articles"]


class _Progress:
    """Write one line of counts, rate and position on stderr, over and over."""

    def __init__(self, stream, size: int, name: str):
        self.stream = stream
        self.size = size
        self.name = name

    def __call__(self, report) -> None:
        done = report.created["comment"] + report.present["comment"]
        rate = done / report.seconds
        where = ""
        raw = getattr(self.stream, "fileobj", self.stream)
        if self.size and not raw.closed:
            share = min(raw.tell() / self.size, 1.0)
            bar = "#" * int(share * 20)
            where = f" [{bar:<20}] {share:4.0%}"
        skipped = sum(report.skipped.values())
        sys.stderr.write(f"\r{self.name}:{where} {done:,} comments, {skipped:,} skipped, "
                         f"{rate:,.0f}/s ")
        sys.stderr.flush()


def _report_open(report: ImportReport, source: Path) -> None:
    """Start the problems report, or refuse before any work when it cannot go where it should."""
    place = report.problems_path
    if place.is_dir() or (place.exists() and place.resolve() == source.resolve()):
        what = "a folder" if place.is_dir() else "the file to import"
        raise CommandError(_one_line(f"{place} is {what}, not a place for the problems report; "
                                     "name another with --report PATH; nothing was imported"))
    try:
        report.open()
    except OSError as exc:
        raise CommandError(_one_line(
            f"the problems report {place} cannot be written in {place.parent} "
            f"({exc.strerror or exc}); name another place with --report PATH; nothing was imported"
        )) from None


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _open(path: Path):
    stream = path.open("rb")
    if stream.read(2) == b"\x1f\x8b":
        stream.seek(0)
        return gzip.GzipFile(fileobj=stream, mode="rb")
    stream.seek(0)
    return stream


def _size(path: Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
