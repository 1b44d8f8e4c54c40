"""Read big JSON exports one object at a time, with errors the operator can act on."""

from collections.abc import Iterator

import ijson

from ..errors import ImportFileError


def items(stream, prefix: str, *, what: str) -> Iterator:
    """Yield each value under `prefix` (ijson's path, such as "comments.item"), from the start.

    Raises ImportFileError naming the byte offset when the JSON is broken.
    """
    stream.seek(0)
    try:
        yield from ijson.items(stream, prefix, use_float=True)
    except ijson.JSONError as exc:
        first = (str(exc).strip().splitlines() or ["unreadable"])[0].strip()
        raise ImportFileError(f"not a readable {what} file: broken JSON ({first})") from None
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"not a readable {what} file: not UTF-8 text ({exc.reason})") from None


def text(value) -> str:
    """Return `value` as text ("" for null), whatever JSON type it had."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
