"""`tribune export [FILE]`: write the whole discussion as Tribune's JSON export."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tribune.discussion.portability.export import discussion_export


class Command(BaseCommand):
    help = "Write every thread, comment and vote as one JSON document (docs/export-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path,
                            help="where to write (default: standard output)")

    def handle(self, *args, **options):
        path = options["file"]
        if path is None:
            counts = discussion_export(out=self.stdout._out)
        else:
            partial = path.with_name(path.name + ".partial")
            try:
                with partial.open("w", encoding="utf-8") as out:
                    counts = discussion_export(out=out)
                # Only a complete export takes the name, so a failure never leaves half a file.
                partial.replace(path)
            except OSError as exc:
                raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        sys.stderr.write(f"exported {summary}\n")
