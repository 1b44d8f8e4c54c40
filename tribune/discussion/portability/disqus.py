"""Read a Disqus XML export: <thread> pages by URL and <post> comments with their parents.

Disqus lists threads, then posts; a post names its thread and parent by dsq:id. Deleted and
spam posts are kept with that status so replies under them keep their place.
"""

from collections.abc import Iterator

from .clean import clean_email, clean_id, clean_name, parse_date
from .errors import ImportFileError
from .records import DELETED, PENDING, SPAM, VISIBLE, CommentRecord, Problem, ThreadRecord
from .xmlstream import XmlStream, attribute, child, child_text, local, release

SOURCE = "disqus"


def read(stream, *, options) -> Iterator:
    """Yield ThreadRecord, CommentRecord and Problem for a Disqus export opened in binary."""
    xml = XmlStream(stream)
    root = None
    for element, depth in xml:
        if depth == 0:
            root = local(element)
            continue
        if depth != 1:
            continue
        if local(element.getparent()) != "disqus":
            raise ImportFileError(
                f"not a Disqus export: the root element is <{local(element.getparent())}>, not <disqus>"
            )
        name = local(element)
        if name == "thread":
            yield from _thread(element)
        elif name == "post":
            yield from _post(element)
        release(element)
    if root != "disqus":
        found = f"the root element is <{root}>" if root else "no XML found"
        detail = f" ({xml.errors[0]})" if xml.errors and not root else ""
        raise ImportFileError(f"not a Disqus export: {found}, not <disqus>{detail}")
    for error in xml.errors:
        yield Problem(kind="xml", item="file", reason=f"broken XML skipped at {error}")


def _thread(element) -> Iterator:
    key = attribute(element, "id")
    link = child_text(element, "link")
    if not key:
        yield Problem(kind="thread", item=link or "(no link)", reason="thread without a dsq:id")
        return
    if not link:
        yield Problem(kind="thread", item=key, reason="thread without a <link>; its posts are skipped")
        return
    yield ThreadRecord(
        key=key,
        url=link,
        title=child_text(element, "title"),
        is_open=child_text(element, "isClosed").lower() != "true",
        created_at=parse_date(child_text(element, "createdAt")),
    )


def _post(element) -> Iterator:
    source_id = clean_id(attribute(element, "id"))
    if not source_id:
        yield Problem(kind="comment", item=child_text(element, "createdAt") or "(no date)",
                      reason="post without a dsq:id")
        return
    thread = child(element, "thread")
    parent = child(element, "parent")
    author = child(element, "author")
    created_at = parse_date(child_text(element, "createdAt"))
    if created_at is None:
        yield Problem(kind="comment", item=source_id, skipped=False,
                      reason=f"unreadable date {child_text(element, 'createdAt')!r}; the import time is used")
    if child_text(element, "isDeleted").lower() == "true":
        status = DELETED
    elif child_text(element, "isSpam").lower() == "true":
        status = SPAM
    elif child_text(element, "isApproved").lower() == "false":
        status = PENDING
    else:
        status = VISIBLE
    yield CommentRecord(
        source=SOURCE,
        source_id=source_id,
        thread_key=attribute(thread, "id"),
        body=child_text(element, "message"),
        body_format="html",
        parent_source=SOURCE if parent is not None and attribute(parent, "id") else "",
        parent_id=clean_id(attribute(parent, "id")),
        author_name=clean_name(child_text(author, "name") if author is not None else ""),
        author_email=clean_email(child_text(author, "email") if author is not None else ""),
        status=status,
        created_at=created_at,
    )
