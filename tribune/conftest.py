"""Fixtures shared by every app's tests: the demo site, Chromium, a real SMTP server (aiosmtpd),
and the shared sample files."""

import email
import os
import socket
import threading
import time
from email import policy
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the test thread once Chromium has started,
# and Django refuses ORM calls from a thread with a running loop. The tests call the ORM only
# between browser steps, never concurrently with them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the networking flags Chromium keeps trying to reach the outside and stalls.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def shared_dir() -> Path:
    """Return the workplace's shared/ folder (sample exports, hostile strings, the seed)."""
    candidates = [os.environ.get("TRIBUNE_SHARED")] if os.environ.get("TRIBUNE_SHARED") else []
    here = Path(__file__).resolve().parents[1]
    candidates += [here.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if candidate and (Path(candidate) / "fixtures").is_dir():
            return Path(candidate)
    raise FileNotFoundError("shared/ with fixtures/ not found; set TRIBUNE_SHARED to its path")


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return shared_dir() / "fixtures"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Start every test with empty caches: rolled-back counters must not find an earlier test's pages."""
    from django.core.cache import caches

    from tribune.discussion.moderation.policies import moderation_rules_forget

    for cache in caches.all(initialized_only=True):
        cache.clear()
    # The moderation rules a process keeps a few seconds: a rolled-back test's rules included.
    moderation_rules_forget()


@pytest.fixture
def demo(db):
    """The demo site, loaded as `tribune demo` loads it."""
    from tribune.demo.load import demo_load

    return demo_load().article


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser tab with its own cookies, at a phone's width."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


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
    from aiosmtpd.controller import Controller

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
