"""Let the "Editors" group ask readers about passages of articles (the preview page's "Ask
readers about a passage"), which needs the permission to add and change passages (Anchor)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = ["add_anchor", "change_anchor"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make discussion's now.
    app_config = apps.get_app_config("discussion")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="discussion",
                                                     codename__in=EDITOR_PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="discussion",
                                                            codename__in=EDITOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0018_votes_per_guest_identity"),
        # The Editors group is made there.
        ("newsroom", "0004_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
