"""Read Isso's comments: its generic JSON import format, or its SQLite database itself.

Isso stores Markdown. In the JSON format comment ids count from 0 in each thread, so a comment
is known by its thread and id; in the database ids are global.
"""

import sqlite3
from collections.abc import Iterator

from ..errors import ImportFileError
from ..records import DELETED, PENDING, VISIBLE, CommentRecord, Problem, ThreadRecord
from .clean import clean_email, clean_id, clean_name, parse_date
from .jsonstream import items, text

SOURCE = "isso"
_MODES = {1: VISIBLE, 2: PENDING, 4: DELETED}


def read_json(stream, *, options) -> Iterator:
    """Yield records for Isso's generic JSON: a list of {id, title, comments: [...]}."""
    seen = False
    for thread in items(stream, "item", what="Isso JSON"):
        seen = True
        if not isinstance(thread, dict) or not text(thread.get("id")):
            yield Problem(kind="thread", item=str(thread)[:60], reason="thread without an id")
            continue
        key = text(thread["id"])
        yield ThreadRecord(key=key, url=key, title=text(thread.get("title")))
        for comment in thread.get("comments") or []:
            yield from _json_comment(comment, key)
    if not seen:
        raise ImportFileError("not an Isso JSON export: expected a list of threads")


def read_sqlite(stream, *, options) -> Iterator:
    """Yield records for an Isso database file (its threads and comments tables)."""
    path = stream.name
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        db.execute("SELECT id, uri, title FROM threads LIMIT 1")
    except sqlite3.DatabaseError as exc:
        raise ImportFileError(f"not an Isso database: {exc}") from None
    try:
        for tid, uri, title in db.execute("SELECT id, uri, title FROM threads ORDER BY id"):
            yield ThreadRecord(key=str(tid), url=uri or "", title=title or "")
        rows = db.execute(
            "SELECT id, tid, parent, created, modified, mode, text, author, email, likes, dislikes "
            "FROM comments ORDER BY id"
        )
        for cid, tid, parent, created, modified, mode, body, author, email, likes, dislikes in rows:
            status = _MODES.get(mode)
            if status is None:
                yield Problem(kind="comment", item=str(cid), skipped=False,
                              reason=f"unknown mode {mode!r}; held for review")
                status = PENDING
            yield CommentRecord(
                source=SOURCE, source_id=str(cid), thread_key=str(tid), body=body or "",
                body_format="markdown", parent_source=SOURCE if parent else "",
                parent_id=str(parent) if parent else "", author_name=clean_name(author),
                author_email=clean_email(email), status=status, created_at=parse_date(created),
                edited_at=parse_date(modified), upvotes=likes or 0, downvotes=dislikes or 0,
            )
    except sqlite3.DatabaseError as exc:
        raise ImportFileError(f"the Isso database could not be read: {exc}") from None
    finally:
        db.close()


def _json_comment(comment, thread_key: str) -> Iterator:
    if not isinstance(comment, dict) or comment.get("id") is None:
        yield Problem(kind="comment", item=f"in {thread_key}", reason="comment without an id")
        return
    source_id = clean_id(f"{thread_key}#{text(comment['id'])}")
    parent = text(comment.get("parent"))
    created = parse_date(comment.get("created"))
    yield CommentRecord(
        source=SOURCE + "-json", source_id=source_id, thread_key=thread_key,
        body=text(comment.get("text")), body_format="markdown",
        parent_source=SOURCE + "-json" if parent else "",
        parent_id=clean_id(f"{thread_key}#{parent}") if parent else "",
        author_name=clean_name(comment.get("author")), author_email=clean_email(comment.get("email")),
        status=_MODES.get(comment.get("mode", 1), PENDING), created_at=created,
        date_text=text(comment.get("created")),
    )
