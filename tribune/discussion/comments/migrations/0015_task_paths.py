"""The comment section's task moved with it: queued links to a reader's data keep working."""

from django.db import migrations

from tribune.core.room_moves import task_paths_rename

TASKS = {"tribune.discussion.tasks.data_link_send_task":
         "tribune.discussion.comments.tasks.data_link_send_task"}


def forward(apps, schema_editor):
    task_paths_rename(apps, TASKS)


def backward(apps, schema_editor):
    task_paths_rename(apps, {new: old for old, new in TASKS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0014_moderation_moved"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forward, backward)]
