"""Give the "Moderators" group what it needs to moderate comments."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    "moderate_comment", "view_comment", "change_comment", "delete_comment", "view_thread",
    "change_thread", "view_report", "change_report", "view_block", "add_block", "change_block",
    "delete_block", "view_wordrule", "add_wordrule", "change_wordrule", "delete_wordrule",
    "view_moderationsettings", "change_moderationsettings", "view_moderationaction",
]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make discussion's now.
    app_config = apps.get_app_config("discussion")
    # The migration state's app config has no models module; create_permissions needs one set.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="discussion",
                                                     codename__in=MODERATOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0002_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
