"""Delivery through the background worker: the database task backend, `tribune worker` processes,
and a real SMTP server that can refuse, stall or take a message while the worker dies."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tribune.discussion.comments.services import comment_post
from tribune.discussion.notifications.models import Delivery
from tribune.discussion.notifications.services.deliveries import (
    comment_deliveries_create,
    delivery_requeue,
    delivery_resume,
)
from tribune.discussion.notifications.services.subscriptions import subscription_create
from tribune.discussion.notifications.tasks import comment_announce_task, delivery_send_task
from tribune.discussion.notifications.tests.helpers import body_text, guest, header, registered

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def db_tasks(settings):
    """Tasks go to the database, as in production, and wait there for a worker."""
    settings.TASKS = {"default": {"BACKEND": "tribune.core.tasks_backend.DatabaseBackend", "QUEUES": []}}


def worker_env(smtp, settings) -> dict:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "tribune.config.settings.base", "DATABASE_URL": url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}", "SECRET_KEY": settings.SECRET_KEY,
            "SITE_URL": "http://testserver", "LOG_LEVEL": "WARNING"}


def tribune_worker(env, *args) -> subprocess.Popen:
    """Start `tribune worker` as its own process."""
    return subprocess.Popen([sys.executable, "-m", "tribune.cli", "worker", "--no-startup-delay",
                             "--interval", "0.1", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def run_batch(env) -> str:
    worker = tribune_worker(env, "--batch")
    output, _ = worker.communicate(timeout=90)
    assert worker.returncode == 0, output
    return output


def run_in_process_worker() -> None:
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)


def follower(make_user, thread, name="ada", cadence="each"):
    user = make_user(name)
    subscription_create(thread=thread, reader=registered(user), kinds=["thread"], cadence=cadence)
    return user


def test_the_request_only_queues_and_a_restarted_worker_never_sends_twice(
        client, smtp, db_tasks, settings, article, thread, make_user):
    follower(make_user, thread)
    url = reverse("discussion:comment_create", kwargs={"article_id": article.pk})
    assert client.post(url, {"body": "Hello from the valley", "name": "Guest"}).status_code == 302
    # The request decided nothing and sent nothing: the announcement waits for a worker.
    time.sleep(0.3)
    assert smtp.messages == []
    assert not Delivery.objects.exists()
    assert DBTaskResult.objects.filter(task_path=comment_announce_task.module_path).count() == 1

    env = worker_env(smtp, settings)
    run_batch(env)
    [message] = smtp.wait_for(1)
    assert header(message, "To") == "ada@example.org"
    assert "Hello from the valley" in body_text(message)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (Delivery.State.SENT, 1)

    # A restart replays what it finds: the same announcement and the same send, twice over.
    comment_id = delivery.comment_id
    for _ in range(2):
        comment_announce_task.enqueue(comment_id)
        delivery_send_task.enqueue(delivery.pk)
    run_batch(env)
    time.sleep(0.3)
    assert len(smtp.messages) == 1
    assert Delivery.objects.count() == 1


def test_a_worker_killed_while_sending_leaves_no_duplicate_and_a_visible_failure(
        smtp, db_tasks, settings, thread, make_user):
    follower(make_user, thread)
    started = []

    async def stall(server, session, envelope):
        started.append(time.monotonic())
        await asyncio.sleep(5)
        return await accept(server, session, envelope)

    accept = smtp.handle_DATA
    smtp.handle_DATA = stall
    comment_post(thread=thread, body="Sent during a crash", reader=guest(), guest_name="G")
    env = worker_env(smtp, settings)
    worker = tribune_worker(env)
    deadline = time.monotonic() + 30
    while not started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started, "the worker never reached the mail server"
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    smtp.handle_DATA = accept
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.SENDING

    # The restarted worker does not send it again: the server may have taken it already.
    run_batch(env)
    time.sleep(5.5)
    assert len(smtp.messages) <= 1
    arrived = len(smtp.messages)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENDING

    # Once it is clearly stuck, the operator sees it as failed, with the reason, and can resend.
    settings.DISCUSSION_DELIVERY_STALE_AFTER = timedelta(0)
    delivery_resume()
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED
    assert "stopped while sending" in delivery.last_error
    delivery_requeue(deliveries=Delivery.objects.all())
    run_batch(env)
    smtp.wait_for(arrived + 1)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT


def test_two_workers_at_once_send_each_email_once(smtp, db_tasks, settings, thread, make_user):
    names = [f"reader{i}" for i in range(6)]
    for name in names:
        follower(make_user, thread, name)
    comment = comment_post(thread=thread, body="Busy thread", reader=guest(), guest_name="G")
    comment_deliveries_create(comment=comment)
    # Every send is enqueued three times over: the workers race for each one.
    for delivery_id in Delivery.objects.values_list("pk", flat=True):
        delivery_send_task.enqueue(delivery_id)
        delivery_send_task.enqueue(delivery_id)
    env = worker_env(smtp, settings)
    workers = [tribune_worker(env, "--batch") for _ in range(2)]
    for worker in workers:
        output, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0, output
    smtp.wait_for(6)
    time.sleep(0.3)
    assert sorted(header(m, "To") for m in smtp.messages) == sorted(f"{n}@example.org" for n in names)
    assert set(Delivery.objects.values_list("state", "attempts")) == {(Delivery.State.SENT, 1)}


def test_a_refused_email_is_retried_with_backoff_and_the_failure_is_visible(
        smtp, db_tasks, settings, thread, make_user, admin_client, caplog):
    settings.DISCUSSION_DELIVERY_RETRY_DELAYS = [timedelta(seconds=1), timedelta(seconds=30)]
    follower(make_user, thread)
    smtp.refuse = 1
    comment_post(thread=thread, body="Retry me", reader=guest(), guest_name="G")
    run_in_process_worker()
    assert smtp.refused == 1 and smtp.messages == []
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.QUEUED
    assert delivery.attempts == 1
    assert "451" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert f"Email delivery {delivery.pk} failed (attempt 1)" in caplog.text
    listing = admin_client.get(reverse("admin:notifications_delivery_changelist") + "?state__exact=queued")
    assert listing.status_code == 200
    assert "451" in listing.content.decode()

    # Not before its time: the retry waits in the queue.
    run_in_process_worker()
    assert smtp.messages == []
    time.sleep(1.2)
    run_in_process_worker()
    [message] = smtp.wait_for(1)
    assert "Retry me" in body_text(message)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (Delivery.State.SENT, 2, "")


def test_after_the_last_retry_the_email_is_failed_and_logged(
        smtp, db_tasks, settings, thread, make_user, caplog):
    settings.DISCUSSION_DELIVERY_RETRY_DELAYS = []
    follower(make_user, thread)
    smtp.refuse = 5
    comment_post(thread=thread, body="Doomed", reader=guest(), guest_name="G")
    run_in_process_worker()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED
    assert "failed for good" in caplog.text
    smtp.refuse = 0
    delivery_requeue(deliveries=Delivery.objects.all())
    run_in_process_worker()
    smtp.wait_for(1)


def test_daily_digest_gathers_the_comments_into_one_email(smtp, db_tasks, settings, thread, make_user):
    settings.DISCUSSION_DIGEST_INTERVAL = timedelta(seconds=1)
    follower(make_user, thread, cadence="daily")
    first = comment_post(thread=thread, body="Morning comment", reader=guest(), guest_name="G")
    second = comment_post(thread=thread, body="Evening comment", reader=guest("z" * 43), guest_name="H")
    run_in_process_worker()
    assert smtp.messages == []
    assert Delivery.objects.filter(state=Delivery.State.WAITING).count() == 2
    time.sleep(1.2)
    run_in_process_worker()
    [digest] = smtp.wait_for(1)
    assert header(digest, "Subject") == "Your daily digest from Tribune: 2 new comments"
    text = body_text(digest)
    assert "Morning comment" in text and "Evening comment" in text
    assert f"#comment-{first.pk}" in text and f"#comment-{second.pk}" in text
    assert header(digest, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert Delivery.objects.filter(state=Delivery.State.IN_DIGEST).count() == 2
    run_in_process_worker()
    time.sleep(0.2)
    assert len(smtp.messages) == 1


def test_a_restarted_worker_finds_emails_whose_tasks_were_lost(smtp, db_tasks, settings, thread, make_user):
    follower(make_user, thread)
    comment = comment_post(thread=thread, body="Lost and found", reader=guest(), guest_name="G")
    comment_deliveries_create(comment=comment)
    # The worker died with the announcement half run and the send tasks gone.
    DBTaskResult.objects.filter(task_path=delivery_send_task.module_path).delete()
    DBTaskResult.objects.filter(task_path=comment_announce_task.module_path).update(
        status="RUNNING", started_at=timezone.now() - timedelta(hours=1))
    run_batch(worker_env(smtp, settings))
    [message] = smtp.wait_for(1)
    assert "Lost and found" in body_text(message)
    assert Delivery.objects.get().state == Delivery.State.SENT
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()


def test_a_comment_and_its_announcement_are_stored_together_or_not_at_all(db_tasks, thread):
    from django.db import transaction

    from tribune.discussion.comments.models import Comment

    comment = comment_post(thread=thread, body="Stored with its task", reader=guest(), guest_name="G")
    def tasks():
        return DBTaskResult.objects.filter(task_path=comment_announce_task.module_path)

    assert [t.args_kwargs["args"] for t in tasks()] == [[comment.pk]]
    with pytest.raises(RuntimeError), transaction.atomic():
        comment_post(thread=thread, body="Rolled back", reader=guest("r" * 43), guest_name="G")
        # Written in the comment's own transaction, not after it commits: no crash in between
        # can store a comment whose notification is lost.
        assert tasks().count() == 2
        raise RuntimeError("the request failed after posting")
    assert Comment.objects.count() == 1
    assert tasks().count() == 1
