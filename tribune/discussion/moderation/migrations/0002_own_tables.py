"""The moderation room takes its tables under its own name, with their content types (so the
Moderators group keeps its permissions on rules, bans, reports and the log)."""

from django.db import migrations

from tribune.core.room_moves import content_types_move

MODELS = ["moderationsettings", "wordrule", "block", "report", "moderationaction"]


def forward(apps, schema_editor):
    content_types_move(apps, models=MODELS, from_label="discussion", to_label="moderation")


def backward(apps, schema_editor):
    content_types_move(apps, models=MODELS, from_label="moderation", to_label="discussion")


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelTable(name=model, table=None) for model in MODELS
    ] + [migrations.RunPython(forward, backward)]
