"""Read big XML exports in constant memory, whatever namespaces they use, mending what is broken.

lxml's iterparse hands over each element as it closes; callers look at local names only
(exports redefine, misspell and drop namespaces), then drop what they have read. Entities are
never expanded and nothing is fetched from the network, so an entity bomb or an external DTD
is inert. The bytes reach the parser through XmlRepair (xmlrepair.py), which mends the faults
real exports have; libxml2's recovery reads past what is left. Every mend and every spot the
parser skipped becomes a Problem the reader yields (`problems()` as it goes, `finish()` at the
end), so the report lists each one with its line.
"""

from collections.abc import Iterator

from lxml import etree

from ..errors import ImportFileError
from ..records import Problem
from .xmlrepair import CUT_SHORT, XmlRepair


class XmlStream:
    """Iterate over (element, depth) pairs as elements end; the root element has depth 0."""

    def __init__(self, source):
        self._source = XmlRepair(source)
        self._parser = None
        self._elements = 0
        self._fatal: tuple[int, str] | None = None
        self._mended = 0
        self._first_mend = ""
        self.root: str | None = None

    def __iter__(self) -> Iterator[tuple[etree._Element, int]]:
        self._parser = etree.iterparse(
            self._source,
            events=("start", "end"),
            recover=True,
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
                    if depth == 0:
                        self.root = local(element)
                    continue
                depth -= 1
                if element.tag == CUT_SHORT:
                    continue
                self._elements += 1
                yield element, depth + 1
        except etree.XMLSyntaxError as exc:
            # Recovery gave up (an empty file, an entity bomb): what was read stands.
            self._fatal = (exc.lineno + self._source.line_offset, exc.msg)

    def problems(self) -> Iterator[Problem]:
        """Yield (and forget) the mends made so far; call it as elements are read."""
        repairs, self._source.repairs = self._source.repairs, []
        if repairs and not self._mended:
            self._first_mend = "line {}: {}".format(*repairs[0])
        self._mended += len(repairs)
        for line, what in repairs:
            yield Problem(kind="xml", item=f"line {line}", skipped=False,
                          reason=f"broken XML mended at line {line}: {what}")
        if self._source.unlisted:
            count, line = self._source.unlisted, self._source.unlisted_line
            self._source.unlisted = 0
            self._mended += count
            yield Problem(kind="xml", item=f"line {line}", skipped=False,
                          reason=f"broken XML mended: {count:,} more mends up to line {line}, too "
                                 "many in one place to list each")

    def cut_short(self, element) -> bool:
        """Return True when the file ended inside `element`, so its text may be cut too."""
        return len(element) > 0 and element[-1].tag == CUT_SHORT

    def line(self, element) -> int:
        """Return the line of the file on which `element` starts."""
        return (element.sourceline or 0) + self._source.line_offset

    def finish(self, *, root: str, label: str, items: str, found: int) -> Iterator[Problem]:
        """Yield the problems left once the file is read; refuse a file that is not `label`.

        Raises ImportFileError when the file is empty, holds no XML, has another root element
        than `root`, or is broken and not one of its `items` was read (`found` is how many were).
        """
        self._source.drain()
        errors = self._errors()
        mends = list(self.problems())
        if self._source.size == 0:
            raise ImportFileError(f"not {label}: the file is empty")
        if self.root != root:
            found_root = f"the root element is <{self.root}>" if self.root else "no XML found"
            detail = " (line {}: {})".format(*errors[0]) if errors and not self.root else ""
            raise ImportFileError(f"not {label}: {found_root}, not <{root}>{detail}")
        if not found and (errors or self._mended):
            first = "line {}: {}".format(*errors[0]) if errors else self._first_mend
            raise ImportFileError(f"not {label}: no {items} could be read ({first})")
        yield from mends
        for line, message in errors:
            yield Problem(kind="xml", item=f"line {line}",
                          reason=f"broken XML skipped at line {line}: {message}")
        lost = self._source.elements - self._elements
        if lost > 0:
            stop = self._fatal or (errors[-1] if errors else None)
            where = " at line {} ({})".format(*stop) if stop else ""
            yield Problem(kind="xml", item="file",
                          reason=f"the XML parser gave up{where}; {lost:,} elements after that "
                                 "point were not read")

    def _errors(self) -> list[tuple[int, str]]:
        offset = self._source.line_offset
        found, seen = [], set()
        if self._fatal:
            found.append(self._fatal)
            seen.add(self._fatal)
        for entry in getattr(self._parser, "error_log", None) or []:
            error = (entry.line + offset, entry.message.strip())
            if error not in seen:
                seen.add(error)
                found.append(error)
        return found


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
