"""Read big XML exports in constant memory, whatever namespaces they use.

lxml's iterparse hands over each element as it closes; callers look at local names only
(exports redefine, misspell and drop namespaces), then drop what they have read. Entities are
never expanded and nothing is fetched from the network, so an entity bomb or an external DTD
is inert. With `recover`, libxml2 skips past broken markup and keeps going; what it had to skip
is listed in `errors`.
"""

from collections.abc import Iterator

from lxml import etree


class XmlStream:
    """Iterate over (element, depth) pairs as elements end; the root element has depth 0."""

    def __init__(self, source, *, recover: bool = True):
        self._source = source
        self._recover = recover
        self._parser = None
        self.errors: list[str] = []

    def __iter__(self) -> Iterator[tuple[etree._Element, int]]:
        self._parser = etree.iterparse(
            self._source,
            events=("start", "end"),
            recover=self._recover,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
            remove_comments=True,
            remove_pis=True,
        )
        depth = -1
        try:
            for event, element in self._parser:
                if event == "start":
                    depth += 1
                    continue
                yield element, depth
                depth -= 1
        except etree.XMLSyntaxError as exc:
            self.errors.append(f"line {exc.lineno}: {exc.msg}")
            if not self._recover:
                raise
        finally:
            self._collect_errors()

    def _collect_errors(self) -> None:
        log = getattr(self._parser, "error_log", None) or []
        seen = set(self.errors)
        for entry in log:
            message = f"line {entry.line}: {entry.message.strip()}"
            if message not in seen:
                seen.add(message)
                self.errors.append(message)


def local(element) -> str:
    """Return the element's name without its namespace ("" for comments and the like)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def child_text(element, name: str) -> str:
    """Return the text of the first child named `name` (any namespace), stripped; "" if none."""
    for child in element:
        if local(child) == name:
            return (child.text or "").strip()
    return ""


def children(element) -> dict:
    """Return the element's children by local name (the first of each name wins)."""
    found = {}
    for node in element:
        tag = node.tag
        if isinstance(tag, str):
            found.setdefault(tag.rpartition("}")[2], node)
    return found


def attribute(element, name: str) -> str:
    """Return the attribute `name` in any namespace (Disqus writes dsq:id), stripped."""
    if element is None:
        return ""
    for key, value in element.attrib.items():
        if key.rpartition("}")[2] == name:
            return (value or "").strip()
    return ""


def release(element) -> None:
    """Forget `element` and the siblings read before it, so memory stays flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
