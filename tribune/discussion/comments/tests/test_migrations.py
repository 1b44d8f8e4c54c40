"""A site filled before the discussion had rooms upgrades with `tribune migrate`, nothing lost.

The database is taken back to the schema of that time (the comment section's migration 0012, the
moderation and notifications rooms not yet there), filled through the historical models as the
site then wrote it, and migrated forward to today's layout; every row is then read back through
today's models, under the room each now belongs to.
"""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("discussion", "0012_report_addresses"), ("moderation", None), ("notifications", None)]
WHEN = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)
OLD_TASK = "tribune.discussion.tasks.delivery_send_task"


def migrate(targets):
    """Migrate to `targets` ((app, None) unapplies an app); return the models of that moment."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    apps = {app for app, _name in targets}
    nodes = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in apps]
    nodes += [target for target in targets if target[1] is not None]
    return executor.loader.project_state(nodes).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill(apps) -> dict:
    """Write one of everything the discussion kept, as the old layout stored it."""
    model = apps.get_model
    user = model("auth", "User").objects.create(username="ada", email="ada@example.org")
    article = model("newsroom", "Article").objects.create(
        headline="Floods", slug="floods", body="The river rose.", status="published", published_at=WHEN)
    thread = model("discussion", "Thread").objects.create(article=article)
    page = model("discussion", "Thread").objects.create(url="https://blog.example.org/post", title="A post")
    anchor = model("discussion", "Anchor").objects.create(article=article, exact="The river rose.", start=0,
                                                          end=15, question="Were you there?")
    comment = model("discussion", "Comment").objects.create(
        thread=thread, body="First", body_html="<p>First</p>", guest_name="Olu", status="visible",
        anchor=anchor)
    # auto_now_add sets "now" on create; the site's older comments carry their own time.
    model("discussion", "Comment").objects.filter(pk=comment.pk).update(created_at=WHEN)
    reply = model("discussion", "Comment").objects.create(
        thread=thread, parent=comment, root=comment, body="Reply", body_html="<p>Reply</p>", user=user,
        status="pending")
    model("discussion", "Vote").objects.create(comment=comment, voter="g:abc", value=1)
    settings_row = model("discussion", "ModerationSettings").objects.create(mode="pre", report_threshold=5)
    model("discussion", "WordRule").objects.create(phrase="vermin", kind="banned")
    model("discussion", "Block").objects.create(kind="email", value="spam@example.org", reason="Spam")
    model("discussion", "Report").objects.create(comment=comment, reporter="g:def", reason="abuse",
                                                 address_hash="f" * 64, counted=True)
    model("discussion", "ModerationAction").objects.create(comment=reply, moderator=user, action="approve")
    subscriber = model("discussion", "Subscriber").objects.create(email="reader@example.org", user=user)
    subscription = model("discussion", "Subscription").objects.create(
        subscriber=subscriber, thread=thread, kind="thread", cadence="daily", confirmed_at=WHEN)
    delivery = model("discussion", "Delivery").objects.create(
        subscriber=subscriber, kind="comment", key=f"comment:{comment.pk}", comment=comment,
        subscription=subscription, reason="thread", state="queued", next_attempt_at=WHEN)
    model("discussion", "ReaderPreference").objects.create(user=user, notify_mentions=True)
    campaign = model("donations", "Campaign").objects.create(name="Drive", slug="drive", goal_minor=500_000,
                                                             currency="USD", cta_label="Give")
    model("donations", "LedgerEntry").objects.create(campaign=campaign, kind="gift", amount_minor=304_800,
                                                     currency="USD", reference="ref:1")
    # The Moderators group holds the discussion's permissions, as migration 0003 gave them (made
    # again here: a test that empties the database takes the group with it).
    block_type, _ = model("contenttypes", "ContentType").objects.get_or_create(app_label="discussion",
                                                                              model="block")
    change_block, _ = model("auth", "Permission").objects.get_or_create(
        content_type=block_type, codename="change_block", defaults={"name": "Can change ban"})
    comment_type, _ = model("contenttypes", "ContentType").objects.get_or_create(app_label="discussion",
                                                                                model="comment")
    moderate, _ = model("auth", "Permission").objects.get_or_create(
        content_type=comment_type, codename="moderate_comment", defaults={"name": "Can moderate comments"})
    moderators, _ = model("auth", "Group").objects.get_or_create(name="Moderators")
    moderators.permissions.add(change_block, moderate)
    return {"user": user.pk, "thread": thread.pk, "page": page.pk, "comment": comment.pk, "reply": reply.pk,
            "anchor": anchor.pk, "settings": settings_row.pk, "subscriber": subscriber.pk,
            "subscription": subscription.pk, "delivery": delivery.pk}


def test_a_site_of_the_old_layout_upgrades_with_nothing_lost():
    apps = migrate(BEFORE)
    try:
        made = fill(apps)
        DBTaskResult.objects.create(task_path=OLD_TASK, args_kwargs={"args": [made["delivery"]], "kwargs": {}},
                                    queue_name="default", backend_name="default", run_after=WHEN,
                                    exception_class_path="", traceback="")
    finally:
        migrate(latest())

    from tribune.discussion.comments.models import Anchor, Comment, Thread, Vote
    from tribune.discussion.moderation.models import (
        Block,
        ModerationAction,
        ModerationSettings,
        Report,
        WordRule,
    )
    from tribune.discussion.notifications.models import Delivery, ReaderPreference, Subscriber, Subscription
    from tribune.donations.models import LedgerEntry

    comment = Comment.objects.get(pk=made["comment"])
    assert (comment.body, comment.guest_name, comment.created_at, comment.anchor_id) == \
        ("First", "Olu", WHEN, made["anchor"])
    assert Comment.objects.get(pk=made["reply"]).parent_id == comment.pk
    assert Thread.objects.get(pk=made["page"]).url == "https://blog.example.org/post"
    assert Anchor.objects.get(pk=made["anchor"]).question == "Were you there?"
    assert list(Vote.objects.values_list("comment_id", "value")) == [(comment.pk, 1)]

    rules = ModerationSettings.objects.get(pk=made["settings"])
    assert (rules.mode, rules.report_threshold) == ("pre", 5)
    assert WordRule.objects.get().phrase == "vermin"
    assert Block.objects.get().value == "spam@example.org"
    report = Report.objects.get()
    assert (report.comment_id, report.counted, report.address_hash) == (comment.pk, True, "f" * 64)
    assert ModerationAction.objects.get().comment_id == made["reply"]

    subscriber = Subscriber.objects.get(pk=made["subscriber"])
    assert (subscriber.email, subscriber.user_id) == ("reader@example.org", made["user"])
    subscription = Subscription.objects.get(pk=made["subscription"])
    assert (subscription.thread_id, subscription.cadence, subscription.confirmed_at) == \
        (made["thread"], "daily", WHEN)
    delivery = Delivery.objects.get(pk=made["delivery"])
    assert (delivery.comment_id, delivery.subscription_id, delivery.state) == \
        (comment.pk, subscription.pk, "queued")
    assert ReaderPreference.objects.get().notify_mentions is True
    assert LedgerEntry.objects.get().amount_minor == 304_800

    # The tables carry their room's name; the content types (and so the permissions) follow.
    tables = connection.introspection.table_names()
    assert {"moderation_report", "moderation_block", "notifications_delivery",
            "notifications_subscriber"} <= set(tables)
    assert not {"discussion_report", "discussion_delivery"} & set(tables)
    assert ContentType.objects.get_for_model(Report).app_label == "moderation"
    assert not ContentType.objects.filter(app_label="discussion", model__in=["report", "delivery"]).exists()
    moderators = Group.objects.get(name="Moderators")
    assert moderators.permissions.filter(content_type__app_label="moderation", codename="change_block").exists()
    assert moderators.permissions.filter(content_type__app_label="discussion",
                                         codename="moderate_comment").exists()
    assert Permission.objects.filter(codename="change_block").count() == 1

    # A task queued before the upgrade is found at its new address.
    from tribune.discussion.notifications.tasks import delivery_send_task

    assert DBTaskResult.objects.get().task_path == delivery_send_task.module_path
