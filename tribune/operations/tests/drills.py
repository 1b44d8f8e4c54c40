"""What the drills share: a mail server that can go down and come back on its port, readers who
follow a thread by email, and counting what each of them received."""

import re
from collections import Counter

from aiosmtpd.controller import Controller

from tribune.conftest import Inbox

from .helpers import Site, free_port, wait_until

FOLLOWERS = ("ada@example.org", "grace@example.org")
COMMENT_LINK = re.compile(r"#comment-(\d+)")


class MailServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that stops and starts again on the same port."""

    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self._controller = None
        self.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def received(self) -> Counter:
        """Count the emails each (address, comment) pair got."""
        counts = Counter()
        for message in list(self.inbox.messages):
            body = message.get_body(preferencelist=("plain",)).get_content()
            for comment_id in set(COMMENT_LINK.findall(body)):
                for address in message.envelope_to:
                    counts[(address, int(comment_id))] += 1
        return counts


def thread_with_followers(site: Site) -> int:
    """Load the demo into `site`, let FOLLOWERS follow its thread (one email per comment), and
    return the thread's id."""
    site.tribune("migrate", "-v0")
    site.tribune("demo_load")
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from tribune.discussion.comments.identity import Reader\n"
        "from tribune.discussion.comments.models import Thread\n"
        "from tribune.discussion.notifications.services.subscriptions import subscription_create\n"
        "thread = Thread.objects.get()\n"
        f"for address in {FOLLOWERS!r}:\n"
        "    user = get_user_model().objects.create_user(address.split('@')[0], email=address)\n"
        "    subscription_create(thread=thread, reader=Reader(user=user), kinds=['thread'])\n"
        "print(thread.pk)\n"
    )
    return int(site.tribune("shell", "-v0", "-c", script).stdout.strip())


def visible_comments_posted(site: Site) -> set[int]:
    """Return the comments the drill's load posted that readers see (and followers hear of)."""
    return {row[0] for row in site.query(
        "SELECT id FROM discussion_comment WHERE status = 'visible' AND body LIKE 'Posted under load%'")}


def wait_for_every_email(mail: MailServer, comments: set[int], *, timeout: float) -> Counter:
    """Wait until each follower got an email about each of `comments`; return what arrived."""
    wanted = {(address, comment) for address in FOLLOWERS for comment in comments}

    def arrived():
        return wanted <= set(mail.received())

    try:
        wait_until(arrived, timeout=timeout, what="every email")
    except AssertionError:
        missing = wanted - set(mail.received())
        raise AssertionError(f"{len(missing)} of {len(wanted)} emails never arrived, "
                             f"e.g. {sorted(missing)[:5]}") from None
    return mail.received()
