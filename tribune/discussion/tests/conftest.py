"""Fixtures for the discussion tests: an article, readers, and a real SMTP server (aiosmtpd)."""

import email
import socket
import threading
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller

from tribune.discussion.identity import Reader


class Inbox:
    """What a real SMTP server received. `refuse` makes it turn down the next N messages."""

    def __init__(self):
        self.messages = []
        self.refused = 0
        self.refuse = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.refuse:
                self.refuse -= 1
                self.refused += 1
                return "451 4.3.0 Mailbox busy, try again later"
            message = email.message_from_bytes(envelope.original_content or envelope.content,
                                               policy=policy.default)
            message.envelope_to = list(envelope.rcpt_tos)
            self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.envelope_to]

    def wait_for(self, count: int, timeout: float = 20.0) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} messages, got {len(self.messages)}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 that the site sends to."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    settings.SITE_URL = "http://testserver"
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def article(db):
    from tribune.newsroom.models import Article
    from tribune.newsroom.services import article_create

    return article_create(headline="Water returns to the valley", body="The river is back.",
                          status=Article.Status.PUBLISHED)


@pytest.fixture
def thread(article):
    from tribune.discussion.services import thread_for_article_get_or_create

    return thread_for_article_get_or_create(article=article)


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, *, email="", first_name="", last_name="", mentions=None):
        user = django_user_model.objects.create_user(
            username=username, email=email or f"{username}@example.org", password="pw-long-enough-1",
            first_name=first_name, last_name=last_name)
        if mentions is not None:
            from tribune.discussion.services.subscriptions import preference_set

            preference_set(user=user, notify_mentions=mentions)
        return user
    return make


def guest(key: str = "k" * 43) -> Reader:
    return Reader(guest_key=key)


def registered(user) -> Reader:
    return Reader(user=user)


def links(text: str) -> list[str]:
    import re

    return re.findall(r"https?://[^\s<>\"]+", text)


def body_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def body_html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def header(message, name: str) -> str:
    """A header's value, unfolded."""
    return " ".join(str(message[name] or "").split())
