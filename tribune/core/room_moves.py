"""Data steps of the migrations that move models and tasks from one app to another.

A model that changes app keeps its rows; what else names the old app must follow: its content
type (and so its permissions, the groups holding them and the admin's log), and the tasks
waiting in the queue under their old import path. Migrations call these from RunPython with
their historical `apps`.
"""


def content_types_move(apps, *, models: list[str], from_label: str, to_label: str) -> None:
    """Give the content types of `models` (lower-case names) the app label `to_label`.

    Where a content type already exists under the new label (a site that ran a command between
    the two migrations), the old one's permissions move to it and the old one goes.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in models:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=to_label, model=model).first()
        if new is None:
            old.app_label = to_label
            old.save(update_fields=["app_label"])
            continue
        taken = set(Permission.objects.filter(content_type=new).values_list("codename", flat=True))
        for permission in Permission.objects.filter(content_type=old):
            if permission.codename in taken:
                kept = Permission.objects.get(content_type=new, codename=permission.codename)
                for group in permission.group_set.all():
                    group.permissions.add(kept)
                for user in permission.user_set.all():
                    user.user_permissions.add(kept)
                permission.delete()
            else:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
        old.delete()


def task_paths_rename(apps, renames: dict[str, str]) -> None:
    """Point tasks in the queue (django-tasks' database backend) at their new import paths."""
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in renames.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)
