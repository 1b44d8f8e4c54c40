"""Read a Remark42 backup (plain or gzipped): a JSON line of site data, then a line per comment.

Remark42 keeps both the Markdown a reader wrote (`orig`) and the HTML it showed (`text`); the
import keeps `orig` as the source and shows `text`, cleaned by the sanitizer.
"""

import json
from collections.abc import Iterator

from ..errors import ImportFileError
from ..records import DELETED, VISIBLE, CommentRecord, Problem, ThreadRecord
from .clean import clean_id, clean_name, parse_date
from .jsonstream import text

SOURCE = "remark42"


def read(stream, *, options) -> Iterator:
    """Yield records for a Remark42 backup opened in binary."""
    threads = set()
    comments = 0
    for number, raw in enumerate(stream, start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            row = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            if number == 1:
                raise ImportFileError(f"not a Remark42 backup: line 1 is not JSON ({exc})") from None
            yield Problem(kind="comment", item=f"line {number}", reason=f"not JSON: {exc}")
            continue
        if not isinstance(row, dict):
            yield Problem(kind="comment", item=f"line {number}", reason="not a JSON object")
            continue
        if "id" not in row and "version" in row:
            continue
        comments += 1
        yield from _comment(row, number, threads)
    if not comments:
        raise ImportFileError("not a Remark42 backup: no comment lines found")


def _comment(row: dict, number: int, threads: set) -> Iterator:
    source_id = clean_id(text(row.get("id")))
    locator = row.get("locator") if isinstance(row.get("locator"), dict) else {}
    url = text(locator.get("url"))
    if not source_id or not url:
        yield Problem(kind="comment", item=source_id or f"line {number}",
                      reason="comment without an id or a page address")
        return
    if url not in threads:
        threads.add(url)
        yield ThreadRecord(key=url, url=url, title=text(row.get("title")))
    user = row.get("user") if isinstance(row.get("user"), dict) else {}
    votes = row.get("votes") if isinstance(row.get("votes"), dict) else {}
    up = sum(1 for v in votes.values() if v is True)
    down = sum(1 for v in votes.values() if v is False)
    if not votes and row.get("score"):
        score = int(row["score"])
        up, down = max(score, 0), max(-score, 0)
    edited = row.get("edited") if isinstance(row.get("edited"), dict) else {}
    parent = clean_id(text(row.get("pid")))
    yield CommentRecord(
        source=SOURCE, source_id=source_id, thread_key=url,
        body=text(row.get("orig")) or text(row.get("text")), body_format="rendered",
        body_html=text(row.get("text")),
        parent_source=SOURCE if parent else "", parent_id=parent,
        author_name=clean_name(user.get("name")),
        status=DELETED if row.get("delete") else VISIBLE,
        created_at=parse_date(row.get("time")), edited_at=parse_date(edited.get("time")),
        upvotes=up, downvotes=down,
    )
