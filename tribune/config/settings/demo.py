"""Settings of `tribune demo`: the base settings, and the demo's outbox.

The demo keeps every email it sends in var/outbox/ and lists them at /demo/outbox/, so that a
newcomer who follows a thread, asks for their data or gives can read the emails that follow and
use their links, on the demo itself (`tribune demo` runs the worker that sends them). An
operator's EMAIL_URL still wins. Never for a public site: the outbox shows every email, signed
links included, to whoever opens the page, and `tribune serve` refuses to run with these settings.
"""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR
from .env import env_str

DEMO = True
INSTALLED_APPS = [*INSTALLED_APPS, "tribune.demo"]
ROOT_URLCONF = "tribune.demo.urls"
# Where the demo keeps the emails it sends, one file each.
DEMO_OUTBOX_DIR = VAR_DIR / "outbox"
if not env_str("EMAIL_URL"):
    EMAIL_BACKEND = "tribune.demo.outbox.OutboxBackend"
