"""Run `tribune import` the way an operator does, and read what it stored and reported."""

import csv
import io
from pathlib import Path

from django.core.management import call_command

from tribune.discussion.comments.models import Comment


def import_fixture(fmt: str, path: Path, tmp_path: Path, *args: str) -> tuple[str, list[dict]]:
    """Import a shared sample file, writing the problems list under tmp_path; return both."""
    problems = tmp_path / "problems.tsv"
    out = io.StringIO()
    call_command("import", fmt, str(path), f"--report={problems}", *args, stdout=out)
    return out.getvalue(), read_problems(problems)


def read_problems(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def by_import_id(source: str) -> dict[str, Comment]:
    return {c.import_id: c for c in Comment.objects.filter(import_source=source)}
