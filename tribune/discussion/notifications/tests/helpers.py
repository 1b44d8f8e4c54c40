"""Readers and what their emails hold, for the notifications tests."""

import re

from tribune.discussion.comments.identity import Reader


def guest(key: str = "k" * 43) -> Reader:
    return Reader(guest_key=key)


def registered(user) -> Reader:
    return Reader(user=user)


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", text)


def body_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def body_html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def header(message, name: str) -> str:
    """A header's value, unfolded."""
    return " ".join(str(message[name] or "").split())
