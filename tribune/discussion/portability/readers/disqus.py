"""Read a Disqus XML export: <thread> pages by URL and <post> comments with their parents.

Disqus lists threads, then posts; a post names its thread and parent by dsq:id. Deleted and
spam posts are kept with that status so replies under them keep their place.
"""

from collections.abc import Iterator

from ..errors import ImportFileError
from ..records import DELETED, PENDING, SPAM, VISIBLE, CommentRecord, Problem, ThreadRecord
from .clean import clean_email, clean_id, clean_name, parse_date
from .xmlstream import XmlStream, attribute, child_text, children, local, release

SOURCE = "disqus"


def read(stream, *, options) -> Iterator:
    """Yield ThreadRecord, CommentRecord and Problem for a Disqus export opened in binary."""
    xml = XmlStream(stream)
    found = 0
    for element, depth in xml:
        yield from xml.problems()
        if depth != 1:
            continue
        if local(element.getparent()) != "disqus":
            raise ImportFileError(
                f"not a Disqus export: the root element is <{local(element.getparent())}>, not <disqus>"
            )
        name = local(element)
        if name in ("thread", "post"):
            if xml.cut_short(element):
                yield Problem(kind="thread" if name == "thread" else "comment",
                              item=attribute(element, "id") or f"line {xml.line(element)}",
                              reason="the file ends inside it, so its text may be cut; skipped")
            else:
                for record in _thread(element) if name == "thread" else _post(element):
                    found += not isinstance(record, Problem)
                    yield record
        release(element)
    yield from xml.finish(root="disqus", label="a Disqus export", items="thread or post",
                          found=found)


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
    # One pass over the post's children: a big export has millions of them.
    fields = children(element)
    text = {name: (node.text or "").strip() for name, node in fields.items()}
    if not source_id:
        yield Problem(kind="comment", item=text.get("createdAt") or "(no date)",
                      reason="post without a dsq:id")
        return
    author = children(fields["author"]) if "author" in fields else {}
    created_at = parse_date(text.get("createdAt"))
    if text.get("isDeleted", "").lower() == "true":
        status = DELETED
    elif text.get("isSpam", "").lower() == "true":
        status = SPAM
    elif text.get("isApproved", "").lower() == "false":
        status = PENDING
    else:
        status = VISIBLE
    parent_id = clean_id(attribute(fields.get("parent"), "id"))
    yield CommentRecord(
        source=SOURCE,
        source_id=source_id,
        thread_key=attribute(fields.get("thread"), "id"),
        body=text.get("message", ""),
        body_format="html",
        parent_source=SOURCE if parent_id else "",
        parent_id=parent_id,
        author_name=clean_name(_text(author.get("name"))),
        author_email=clean_email(_text(author.get("email"))),
        status=status,
        created_at=created_at,
        date_text=text.get("createdAt", ""),
    )


def _text(node) -> str:
    return (node.text or "").strip() if node is not None else ""
