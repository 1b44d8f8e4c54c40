"""The "Editors" and "Moderators" groups with their permissions.

Editors write and publish: every newsroom permission, and they may look at comments and
campaigns. Moderators look after the comments: they may view and change comments and threads
(hide, close) and view articles. Permissions are made here rather than waiting for post_migrate,
so that the groups are complete when this migration ends.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = {
    "newsroom": ["add_", "change_", "delete_", "view_"],
    "discussion": ["view_"],
    "donations": ["view_"],
}
MODERATORS = {
    "newsroom": ["view_article"],
    "discussion": ["view_comment", "change_comment", "delete_comment", "view_thread", "change_thread"],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in (("Editors", EDITORS), ("Moderators", MODERATORS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, prefixes in grants.items():
            for permission in Permission.objects.filter(content_type__app_label=app_label):
                if any(permission.codename.startswith(prefix) for prefix in prefixes):
                    group.permissions.add(permission)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0003_article_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Only for the permissions of the moderators' models; newsroom code never imports discussion.
        ("discussion", "0001_initial"),
        ("donations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_groups, delete_groups),
    ]
