"""Small helpers readers share: odd dates, long ids, names, emails and plain-text bodies."""

import hashlib
import html
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Every date shape seen in real exports, tried in order after ISO 8601. A day and month that
# could be either way round are read day first; a 12-hour clock marks American order.
_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%B %d, %Y %I:%M %p",
    "%b %d, %Y %I:%M %p",
    "%B %d, %Y %H:%M",
    "%B %d, %Y",
    "%Y%m%dT%H%M%S",
)
# What some exports write after a time that is already UTC.
_UTC_SUFFIX = re.compile(r"\s*(?:UTC|GMT)$", re.IGNORECASE)
_ID_LIMIT = 64


def parse_date(value) -> datetime | None:
    """Return an aware datetime for `value`, or None when it is empty or unreadable.

    Reads ISO 8601 (with Z, offsets and fractions), "YYYY-MM-DD HH:MM:SS" as UTC, RFC 2822
    (RSS pubDate) and Unix times in seconds or milliseconds; WordPress's "0000-00-00" is None.
    """
    if value is None:
        return None
    if isinstance(value, int | float):
        return _from_timestamp(value)
    text = str(value).strip()
    if not text or text.startswith("0000-00-00"):
        return None
    if re.fullmatch(r"-?\d{9,13}(\.\d+)?", text):
        return _from_timestamp(float(text))
    parsed = _parse_text(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if not 1970 <= parsed.year <= 9999:
        return None
    return parsed


def clean_id(value) -> str:
    """Return the source's id as text that fits the import_id column, the same every time.

    Ids are kept as text so 19-digit numbers never lose digits; an id longer than the column is
    replaced by a digest of itself, which is as stable as the id.
    """
    text = str(value).strip() if value is not None else ""
    if len(text) > _ID_LIMIT:
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[: _ID_LIMIT - 7]
    return text


def clean_name(value) -> str:
    """Return a display name: one line, no markup characters doubled up, at most 80 characters."""
    return " ".join(html.unescape(str(value or "")).replace("\x00", "").split())[:80]


def clean_email(value) -> str:
    """Return the address when it is one, else ""."""
    text = str(value or "").strip()[:254]
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        return ""
    return text


def text_to_html(text: str) -> str:
    """Return HTML paragraphs for plain text with HTML in it, as WordPress shows comments.

    Blank lines start paragraphs and single newlines become line breaks; markup is left for the
    sanitizer.
    """
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    paragraphs = re.split(r"\n\s*\n", text)
    return "".join("<p>" + p.strip().replace("\n", "<br>\n") + "</p>" for p in paragraphs)


def _parse_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        pass
    # Fractions of more than six digits (Go and Java write nine) and a space before the offset.
    trimmed = re.sub(r"(\.\d{6})\d+", r"\1", text).replace(" +", "+").replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(trimmed)
    except ValueError:
        pass
    bare = _UTC_SUFFIX.sub("", text)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(bare, fmt)
        except ValueError:
            continue
    if re.search(r"\d\s*[ap]\.?m\b", text, re.IGNORECASE):
        # The e-mail date reader below would drop the AM or PM and be twelve hours out.
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _from_timestamp(number: float) -> datetime | None:
    # Milliseconds since 1970 are 13 digits long; seconds are 10.
    if abs(number) > 1e11:
        number /= 1000
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
