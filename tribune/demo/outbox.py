"""The demo's outbox: every email the demo sends is kept as a file and shown at /demo/outbox/.

`OutboxBackend` is Django's email backend for the demo (config/settings/demo.py): each message
becomes one .eml file in DEMO_OUTBOX_DIR, written under a temporary name and renamed, so that the
page never reads half an email. The server and the worker (which sends most emails) both write
there. `outbox_list` and `outbox_message` read them back for the pages.
"""

import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

# A file this backend wrote: the time, then a random part.
NAME = re.compile(r"^\d{8}T\d{6}\d{6}-[0-9a-f]{32}$")
_LINK = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


@dataclass
class OutboxMessage:
    name: str
    sent_at: datetime | None
    sender: str
    to: str
    subject: str
    text: str

    def text_parts(self) -> list[tuple[str, bool]]:
        """Return the text as (piece, is_link) pairs, links being the http(s) addresses in it."""
        parts, position = [], 0
        for match in _LINK.finditer(self.text):
            parts.append((self.text[position:match.start()], False))
            parts.append((match.group(0), True))
            position = match.end()
        parts.append((self.text[position:], False))
        return [part for part in parts if part[0]]


class OutboxBackend(BaseEmailBackend):
    """Keep each email as a file in DEMO_OUTBOX_DIR instead of sending it."""

    def send_messages(self, email_messages) -> int:
        folder = Path(settings.DEMO_OUTBOX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex}"
            partial = folder / f".{name}.partial"
            partial.write_bytes(message.message().as_bytes(linesep="\n"))
            os.replace(partial, folder / f"{name}.eml")
        return len(email_messages)


def outbox_list() -> list[OutboxMessage]:
    """Return every email in the outbox, newest first."""
    folder = Path(settings.DEMO_OUTBOX_DIR)
    if not folder.is_dir():
        return []
    names = sorted((path.stem for path in folder.glob("*.eml") if NAME.match(path.stem)), reverse=True)
    return [message for message in map(outbox_message, names) if message is not None]


def outbox_message(name: str) -> OutboxMessage | None:
    """Return the email called `name`, or None when there is none (or the name is not one of ours)."""
    if not NAME.match(name):
        return None
    path = Path(settings.DEMO_OUTBOX_DIR) / f"{name}.eml"
    try:
        parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    except FileNotFoundError:
        return None
    body = parsed.get_body(preferencelist=("plain",))
    try:
        sent_at = parsedate_to_datetime(parsed["Date"]) if parsed["Date"] else None
    except (TypeError, ValueError):
        sent_at = None
    return OutboxMessage(name=name, sent_at=sent_at, sender=str(parsed["From"] or ""),
                         to=str(parsed["To"] or ""), subject=str(parsed["Subject"] or ""),
                         text=body.get_content() if body is not None else "")
