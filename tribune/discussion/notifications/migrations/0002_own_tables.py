"""The notifications room takes its tables under its own name, with their content types (so
permissions and the groups holding them follow) and the tasks waiting in the queue."""

from django.db import migrations

from tribune.core.room_moves import content_types_move, task_paths_rename

MODELS = ["subscriber", "subscription", "readerpreference", "delivery"]
TASKS = {f"tribune.discussion.tasks.{name}": f"tribune.discussion.notifications.tasks.{name}"
         for name in ("comment_announce_task", "delivery_send_task", "digest_send_task")}


def forward(apps, schema_editor):
    content_types_move(apps, models=MODELS, from_label="discussion", to_label="notifications")
    task_paths_rename(apps, TASKS)


def backward(apps, schema_editor):
    content_types_move(apps, models=MODELS, from_label="notifications", to_label="discussion")
    task_paths_rename(apps, {new: old for old, new in TASKS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.AlterModelTable(name=model, table=None) for model in MODELS
    ] + [migrations.RunPython(forward, backward)]
