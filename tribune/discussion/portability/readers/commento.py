"""Read a Commento export: {"version": 1, "comments": [...], "commenters": [...]}.

Commenters come after the comments, so the file is read twice: once for the commenters' names
(one small row per person), then comment by comment.
"""

from collections.abc import Iterator

from ..errors import ImportFileError
from ..records import DELETED, PENDING, SPAM, VISIBLE, CommentRecord, Problem, ThreadRecord
from .clean import clean_email, clean_id, clean_name, parse_date
from .jsonstream import items, text

SOURCE = "commento"
_STATES = {"approved": VISIBLE, "unapproved": PENDING, "flagged": SPAM}


def read(stream, *, options) -> Iterator:
    """Yield records for a Commento JSON export opened in binary."""
    people = {}
    for person in items(stream, "commenters.item", what="Commento"):
        if isinstance(person, dict) and person.get("commenterHex"):
            people[text(person["commenterHex"])] = (clean_name(person.get("name")),
                                                   clean_email(person.get("email")))
    threads = set()
    seen = False
    for comment in items(stream, "comments.item", what="Commento"):
        seen = True
        if not isinstance(comment, dict) or not text(comment.get("commentHex")):
            yield Problem(kind="comment", item=str(comment)[:60], reason="comment without a commentHex")
            continue
        source_id = clean_id(comment["commentHex"])
        url = _url(comment)
        if url not in threads:
            threads.add(url)
            yield ThreadRecord(key=url, url=url)
        status = DELETED if comment.get("deleted") else _STATES.get(text(comment.get("state")))
        if status is None:
            yield Problem(kind="comment", item=source_id, skipped=False,
                          reason=f"unknown state {comment.get('state')!r}; held for review")
            status = PENDING
        parent = text(comment.get("parentHex"))
        name, email = people.get(text(comment.get("commenterHex")), ("", ""))
        score = int(comment.get("score") or 0)
        markdown = text(comment.get("markdown"))
        yield CommentRecord(
            source=SOURCE, source_id=source_id, thread_key=url,
            body=markdown or text(comment.get("html")),
            body_format="markdown" if markdown else "html",
            parent_source=SOURCE if parent not in ("", "root") else "",
            parent_id=clean_id(parent) if parent not in ("", "root") else "",
            author_name=name, author_email=email, status=status,
            created_at=parse_date(comment.get("creationDate")),
            upvotes=max(score, 0), downvotes=max(-score, 0),
        )
    if not seen:
        raise ImportFileError("not a Commento export: no \"comments\" list")


def _url(comment: dict) -> str:
    domain = text(comment.get("domain")).strip("/")
    path = text(comment.get("url"))
    if path.startswith(("http://", "https://")) or not domain:
        return path
    return f"https://{domain}/{path.lstrip('/')}"
