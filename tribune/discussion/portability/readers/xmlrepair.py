"""Mend the faults real XML exports have on their way into the parser, and list each mend.

Exports in the wild start with stray bytes before the XML declaration, write attribute values
without quotes, leave a bare & or < in text, use HTML's entities, close elements they never
opened or never close the ones they did, are two files glued together, or stop half-way.
libxml2's recovery (lxml's recover=True) drops the rest of the file at most of these: a start
tag it cannot read loses its element, and the element's end tag then closes the whole document.
So the bytes go through XmlRepair first, which mends what it recognises and hands the parser a
well-formed stream; libxml2's recovery remains for what is left (bad characters, encodings).

XmlRepair reads the file in chunks and holds back at most one unfinished tag, so memory stays
flat. It keeps the open elements' names to balance end tags. It never adds or removes a line
break after the removed prefix (whose lines it counts in `line_offset`), so the parser's line
numbers plus `line_offset` are the file's. It works on the bytes of an ASCII-compatible encoding
(UTF-8, Latin-1, Windows-1252); UTF-16 and UTF-32 files are handed over untouched.
"""

import difflib
import html.entities
import re

# The element added inside each element still open where a file ends, so that a reader can
# tell an element that was cut short (its text may be cut too) from a whole one.
CUT_SHORT = "{urn:x-tribune:cut-short}cut"
_CUT_SHORT = b'<cut xmlns="urn:x-tribune:cut-short"/>'

_CHUNK = 64 * 1024
# A tag is waited for this long; a `<` with no readable tag within it is text.
_TAG_LIMIT = 64 * 1024
# Junk in the wild before the declaration is short: a stray character, blank lines, a header.
_DECLARATION_REACH = 1024
# Junk before the first `<` is looked through this far before the file is declared not XML.
_PREFIX_LIMIT = 1024 * 1024
# libxml2 gives up on deeper nesting (2,048 levels with huge_tree): beyond this the stream is
# passed on unmended rather than keep a list of open elements as long as the file.
_DEPTH_LIMIT = 4096
# Mends waiting to be read out: a text with a million bare `<` holds them all at once, so past
# this many they are counted, not listed.
_PENDING_LIMIT = 10_000
_TEXT, _CDATA, _COMMENT, _PI = range(4)
_CLOSERS = {_CDATA: b"]]>", _COMMENT: b"-->", _PI: b"?>"}

_NAME = rb"[A-Za-z_:\x80-\xff][^\s/>=<\"'&]*"
_START = re.compile(
    rb"<(" + _NAME + rb")((?:\s+[^\s=/>\"'<]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*(/?)>")
# The same with values left unquoted, attributes run together and a missing `>` before the next
# tag. Possessive quantifiers keep a long broken tag from backtracking for ever.
_LOOSE = re.compile(
    rb"<(" + _NAME + rb")((?:\s*+[^\s=/>\"'<]++\s*+=\s*+"
    rb"(?:\"[^\"<]*+\"|'[^'<]*+'|[^\s>\"'<]+?(?=\s|/?>|<)))++)\s*+(/?)(>|(?=<))")
_LOOSE_ATTRIBUTE = re.compile(
    rb"(\s*)([^\s=/>\"'<]+)(\s*=\s*)(\"[^\"<]*\"|'[^'<]*'|[^\s>\"'<]+)")
# Text without references, then a well-formed start tag, end tag or CDATA section: the common case.
_FAST = re.compile(
    rb"[^<&]*+<(?:(" + _NAME + rb")((?:\s+[^\s=/>\"'<]+\s*=\s*(?:\"[^\"<&]*\"|'[^'<&]*'))*)\s*(/?)>"
    rb"|/(" + _NAME + rb")\s*>"
    rb"|!\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+\]\]>)")
_END = re.compile(rb"</(" + _NAME + rb")\s*>")
_DECLARATION = re.compile(rb"<\?xml[\s?]")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY\s+([^\s%]+)")
_DOCTYPE_END = re.compile(rb"\]\s*>")
# A `&` that does not start one of XML's own references.
_BAD_REFERENCE = re.compile(rb"&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)([A-Za-z_:][\w.:-]*;)?")
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x00<\x00?", b"<\x00?\x00")


class XmlRepair:
    """A binary file-like object: the file's bytes, mended. `repairs` lists (line, what was
    done) as they happen; take them away as they are read."""

    def __init__(self, raw):
        self._raw = raw
        self._buf = b""
        self._out = bytearray()
        self._eof = False
        self._finished = False
        self._started = False
        self._bypass = False
        self._state = _TEXT
        self._stack: list[bytes] = []
        self._root: bytes | None = None
        # The root's end tag, held back until it is clear nothing but blanks follows it.
        self._held: bytes | None = None
        # Entities the file's DTD declares: their references are the parser's business.
        self._declared: set[bytes] = set()
        self._line = 1
        self._counted = 0
        self.line_offset = 0
        self.size = 0
        # Elements handed to the parser (its count falls short when libxml2 gives up).
        self.elements = 0
        self.repairs: list[tuple[int, str]] = []
        # Mends past _PENDING_LIMIT: how many, and the last one's line.
        self.unlisted = 0
        self.unlisted_line = 0

    def read(self, size: int = -1) -> bytes:
        while not self._finished and (size < 0 or len(self._out) < size):
            self._fill()
        if size < 0 or size >= len(self._out):
            data, self._out = bytes(self._out), bytearray()
            return data
        data = bytes(self._out[:size])
        del self._out[:size]
        return data

    def drain(self) -> None:
        """Read to the end of the file, so that `elements` and `repairs` count all of it."""
        while not self._finished:
            self._fill()
            self._out.clear()

    def _fill(self) -> None:
        chunk = self._raw.read(_CHUNK)
        if not chunk:
            self._eof = True
        self.size += len(chunk)
        self._buf += chunk
        if not self._started and not self._start():
            return
        if self._bypass:
            self._out += self._buf
            self._buf = b""
        else:
            self._mend()
        if self._eof:
            if not self._bypass:
                self._end_of_file()
            self._finished = True

    def _start(self) -> bool:
        """Drop what comes before the XML; return False while more of the file is needed."""
        buf = self._buf
        if buf.startswith(_WIDE):
            self._started = self._bypass = True
            return True
        if len(buf) < _CHUNK and not self._eof:
            return False
        first = buf.find(b"<")
        # A declaration further in, after stray markup (`<br>`), is where the XML starts; not
        # after a comment or CDATA, which could hold the words `<?xml ` of a file without one.
        declaration = _DECLARATION.search(buf, 0, _DECLARATION_REACH)
        if declaration and (b"<!--" in buf[:declaration.start()]
                            or b"<![CDATA[" in buf[:declaration.start()]):
            declaration = None
        start = declaration.start() if declaration else first
        if start < 0:
            if len(buf) < _PREFIX_LIMIT and not self._eof:
                return False
            # Nothing here looks like XML: the parser will say what it found.
            self._started = self._bypass = True
            return True
        bom = 3 if buf.startswith(b"\xef\xbb\xbf") else 0
        junk = buf[bom:start]
        if junk:
            what = "the XML declaration" if declaration else "the first tag"
            self._repair(f"{_bytes(len(junk))} before {what} removed: {_preview(junk)}")
            self.line_offset = junk.count(b"\n")
        self._buf = buf[start:]
        self._started = True
        return True

    def _mend(self) -> None:
        buf, out, final = self._buf, self._out, self._eof
        n = len(buf)
        pos = 0
        while pos < n and not self._bypass:
            if self._state == _TEXT and self._held is None and self._root is not None:
                pos = self._run(buf, pos)
                if pos >= n:
                    break
            if self._state != _TEXT:
                closer = _CLOSERS[self._state]
                end = buf.find(closer, pos)
                if end < 0:
                    keep = n if final else max(pos, n - len(closer) + 1)
                    out += buf[pos:keep]
                    pos = keep
                    break
                out += buf[pos:end + len(closer)]
                pos = end + len(closer)
                self._state = _TEXT
                continue
            i = buf.find(b"<", pos)
            if i < 0:
                end = n
                if not final:
                    # A reference may go on in the next chunk.
                    amp = buf.rfind(b"&", max(pos, n - 64))
                    if amp >= 0 and buf.find(b";", amp) < 0:
                        end = amp
                self._text(buf, pos, end)
                pos = end
                break
            if i > pos:
                self._text(buf, pos, i)
                pos = i
            if n - i < 9 and not final:
                break
            second = buf[i + 1:i + 2]
            if second == b"/":
                match = _END.match(buf, i)
                if match:
                    self._close(buf, i, match)
                    pos = match.end()
                    continue
            elif second == b"!":
                if buf.startswith(b"<![CDATA[", i):
                    self._state, pos = _CDATA, i + 9
                    out += b"<![CDATA["
                    continue
                if buf.startswith(b"<!--", i):
                    self._state, pos = _COMMENT, i + 4
                    out += b"<!--"
                    continue
                end = _declaration_end(buf, i)
                if end < 0 and not final and n - i < _PREFIX_LIMIT:
                    break
                end = n if end < 0 else end
                self._declared.update(_ENTITY_DECLARATION.findall(buf, i, end))
                out += buf[i:end]
                pos = end
                continue
            elif second == b"?":
                if self._root is not None and _DECLARATION.match(buf, i):
                    end = buf.find(b"?>", i)
                    if end < 0 and not final:
                        break
                    end = n if end < 0 else end + 2
                    self._repair("a second XML declaration removed (two files joined?)", at=i)
                    out += b"\n" * buf.count(b"\n", i, end)
                    pos = end
                    continue
                self._state, pos = _PI, i + 2
                out += b"<?"
                continue
            else:
                match = _START.match(buf, i)
                if match:
                    self._open(buf, i, match)
                    pos = match.end()
                    continue
                match = _LOOSE.match(buf, i)
                if match:
                    self._open_loose(buf, i, match)
                    pos = match.end()
                    continue
            # Not a tag that can be read: wait for the rest of it, or take the `<` as text.
            if not final and n - i < _TAG_LIMIT and _may_start_tag(second) \
                    and buf.find(b"<", i + 1) < 0:
                break
            self._repair(f"a bare < taken as text: {_preview(buf[i:i + 40])}", at=i)
            out += b"&lt;"
            pos = i + 1
        self._count_lines(pos)
        self._buf = buf[pos:]
        self._counted = 0
        if self._bypass:
            out += self._buf
            self._buf = b""

    def _run(self, buf: bytes, pos: int) -> int:
        """Hand over well-formed text, tags and CDATA as they are, as far as they go; return
        where that stops. Most of a file goes this way, one regular expression per tag."""
        stack, match, start, elements = self._stack, _FAST.match, pos, 0
        while (found := match(buf, pos)) is not None:
            kind = found.lastindex
            if kind == 3:
                if not found.group(3):
                    if len(stack) >= _DEPTH_LIMIT:
                        pos = found.start(1) - 1
                        break
                    stack.append(found.group(1))
                elements += 1
            elif kind == 4:
                if len(stack) < 2 or stack[-1] != found.group(4):
                    pos = found.start(4) - 2
                    break
                stack.pop()
            pos = found.end()
        self.elements += elements
        self._out += buf[start:pos]
        return pos

    def _text(self, buf: bytes, start: int, end: int) -> None:
        if self._root is None and buf[start:end].strip():
            # Text before the root element stops libxml2 at once.
            self._repair(f"text before the first element removed: {_preview(buf[start:end].strip())}",
                         at=start)
            self._out += b"\n" * buf.count(b"\n", start, end)
            return
        self._references(buf, start, end)

    def _references(self, buf: bytes, start: int, end: int) -> None:
        """Hand over text or attribute values with each `&` XML cannot read mended."""
        if buf.find(b"&", start, end) < 0:
            self._out += buf[start:end]
            return
        self._out += _BAD_REFERENCE.sub(lambda m: self._reference(m, start), buf[start:end])

    def _reference(self, match, base: int) -> bytes:
        name = match.group(1)
        at = base + match.start()
        if name is None:
            self._repair("a bare & taken as text (&amp;)", at=at)
            return b"&amp;"
        if name[:-1] in self._declared:
            return match.group(0)
        text = html.entities.html5.get(name.decode("ascii", "replace"))
        if text is None:
            self._repair(f"unknown entity &{name.decode('ascii', 'replace')} kept as text", at=at)
            return b"&amp;" + name
        self._repair(f"HTML entity &{name.decode('ascii', 'replace')} read as the character it names",
                     at=at)
        return "".join(f"&#{ord(ch)};" for ch in text).encode("ascii")

    def _open(self, buf: bytes, i: int, match) -> None:
        name = match.group(1)
        if self._after_root(name, i):
            self._out += b"\n" * buf.count(b"\n", i, match.end())
            return
        attributes = match.group(2)
        if b"&" in attributes:
            self._out += buf[i:match.start(2)]
            self._references(buf, match.start(2), match.end(2))
            self._out += buf[match.end(2):match.end()]
        else:
            self._out += buf[i:match.end()]
        self._push(name, match.group(3))

    def _open_loose(self, buf: bytes, i: int, match) -> None:
        name = match.group(1)
        if self._after_root(name, i):
            self._out += b"\n" * buf.count(b"\n", i, match.end())
            return
        mended = []
        parts = [b"<" + name]
        for attribute in _LOOSE_ATTRIBUTE.finditer(match.group(2)):
            space, key, equals, value = attribute.groups()
            if not space:
                space = b" "
                mended.append(f"a space added before {_str(key)}")
            if value[:1] not in (b'"', b"'"):
                mended.append(f"{_str(key)}={_str(value)} quoted")
                value = b'"' + value + b'"'
            parts.append(space + key + equals + value)
        tail = buf[match.end(2):match.end()]
        if not match.group(4):
            mended.append("its missing > added")
            tail += b">"
        tag = b"".join(parts) + tail
        self._repair(f"<{_str(name)}> tag mended: {', '.join(mended)}", at=i)
        if b"&" in tag:
            tag = _BAD_REFERENCE.sub(lambda m: self._reference(m, i), tag)
        self._out += tag
        self._push(name, match.group(3))

    def _push(self, name: bytes, empty: bytes) -> None:
        self.elements += 1
        if self._root is None:
            self._root = name
        if not empty:
            self._stack.append(name)
            if len(self._stack) > _DEPTH_LIMIT:
                self._repair(f"elements nested more than {_DEPTH_LIMIT:,} deep: the rest of the file "
                             "is passed on unmended")
                self._bypass = True

    def _after_root(self, name: bytes, at: int) -> bool:
        """Reopen the document when elements follow its end; return True to drop this tag."""
        if self._held is None:
            return False
        self._out += b"\n" * self._held.count(b"\n")
        self._held = None
        self._stack.append(self._root)
        if name == self._root:
            self._repair(f"a second <{_str(name)}> read as part of the first (two files joined?)",
                         at=at)
            return True
        self._repair(f"the document's end comes before <{_str(name)}>; read on", at=at)
        return False

    def _close(self, buf: bytes, i: int, match) -> None:
        name = match.group(1)
        stack = self._stack
        if stack and stack[-1] == name:
            stack.pop()
            if stack:
                self._out += buf[i:match.end()]
            else:
                self._held = buf[i:match.end()]
            return
        breaks = b"\n" * buf.count(b"\n", i, match.end())
        if name in stack:
            while stack[-1] != name:
                inner = stack.pop()
                self._repair(f"<{_str(inner)}> was never closed; closed before </{_str(name)}>", at=i)
                self._out += b"</" + inner + b">"
            self._close(buf, i, match)
        elif len(stack) > 1 and _alike(name, stack[-1]):
            top = stack.pop()
            self._repair(f"</{_str(name)}> read as </{_str(top)}>", at=i)
            self._out += b"</" + top + b">" + breaks
        else:
            # Left over from HTML in the text, or from a start tag that could not be read.
            # Closing anything here could end the document and lose the rest of the file.
            self._repair(f"a stray </{_str(name)}> removed", at=i)
            self._out += breaks

    def _end_of_file(self) -> None:
        if self._state != _TEXT:
            self._out += _CLOSERS[self._state]
            self._state = _TEXT
        if self._stack:
            open_ = ", ".join(f"<{_str(name)}>" for name in self._stack)
            self._repair(f"the file ends inside {open_}: it was cut short", at=0)
            while self._stack:
                self._out += _CUT_SHORT + b"</" + self._stack.pop() + b">"
        if self._held is not None:
            self._out += self._held
            self._held = None

    def _repair(self, what: str, *, at: int | None = None) -> None:
        line = (self._line if at is None else self._count_lines(at)) + self.line_offset
        if len(self.repairs) < _PENDING_LIMIT:
            self.repairs.append((line, what))
        else:
            self.unlisted += 1
            self.unlisted_line = line

    def _count_lines(self, at: int) -> int:
        """Return the line of position `at` of the buffer (positions are asked for in order)."""
        if at > self._counted:
            self._line += self._buf.count(b"\n", self._counted, at)
            self._counted = at
        return self._line


def _declaration_end(buf: bytes, start: int) -> int:
    """Return the end of a `<!DOCTYPE ...>` (with its internal subset) at `start`, or -1."""
    close = buf.find(b">", start)
    bracket = buf.find(b"[", start, close if close >= 0 else len(buf))
    if bracket < 0:
        return close + 1 if close >= 0 else -1
    match = _DOCTYPE_END.search(buf, bracket)
    return match.end() if match else -1


def _may_start_tag(second: bytes) -> bool:
    return second == b"/" or second.isalpha() or second in (b"_", b":") or second >= b"\x80"


def _alike(written: bytes, name: bytes) -> bool:
    """Return True when end tag `written` looks like a misspelling of `name` (</pots>, </post>)."""
    return difflib.SequenceMatcher(None, written, name).ratio() >= 0.7


def _str(name: bytes) -> str:
    return name.decode("utf-8", "replace")


def _preview(data: bytes) -> str:
    shown = repr(data[:24])[2:-1]
    return shown + ("..." if len(data) > 24 else "")


def _bytes(count: int) -> str:
    return f"{count:,} byte{'' if count == 1 else 's'}"
