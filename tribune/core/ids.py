"""Row ids as they arrive in addresses and forms: whole numbers a 64-bit column can hold.

Django's `int` path converter and `int()` take any number of digits, and the database then fails
on a number it cannot store (SQLite raises OverflowError, PostgreSQL a DataError): a 500 for
anyone who types a long number. Every id read from a request goes through here first.
"""

# The largest value of a signed 64-bit column: the ids of Tribune's tables (BigAutoField).
ID_MAX = 2**63 - 1


def id_parse(text: str) -> int | None:
    """Return `text` as a row id, or None unless it is 1 to ID_MAX written in ASCII digits."""
    if not (0 < len(text) <= 19 and text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= ID_MAX else None


class IdConverter:
    """Path converter `<id:name>`: like `<int:name>`, but only numbers a row id can be, so that an
    address with a longer number is a 404 before any query runs."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = id_parse(value)
        if number is None:
            # Django treats a ValueError here as "this pattern does not match".
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(value)
