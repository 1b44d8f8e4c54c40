"""Link imported replies to their parents and give every imported comment its root, in SQL.

Runs at the end of an import, inside its transaction, over the rows the import inserted (primary
keys from `first_pk` on, with an import source). A parent may be anywhere in the file, or stored
by an earlier import; each reply is linked through the (import_source, import_id) index.
"""

from django.db.models import F, OuterRef, Subquery

from ..models import Comment
from ..portability.records import Problem


def comment_tree_link(*, first_pk: int, report) -> None:
    """Set parent and root on the comments inserted since `first_pk`; report what had to change.

    A parent that points nowhere or into another thread leaves the reply at the top level; a
    chain of parents that loops is cut, and each such comment becomes a top-level comment.
    """
    new = Comment.objects.filter(pk__gte=first_pk).exclude(import_source="")
    parents = Comment.objects.exclude(import_source="").filter(
        import_source=OuterRef("import_parent_source"), import_id=OuterRef("import_parent_id")
    )
    new.filter(parent__isnull=True).exclude(import_parent_id="").update(
        parent_id=Subquery(parents.values("pk")[:1])
    )
    nowhere = new.filter(parent__isnull=True).exclude(import_parent_id="")
    _report_each(nowhere, report, "its parent {parent} is not in the file; kept at the top level")
    elsewhere = new.filter(parent__isnull=False).exclude(parent__thread_id=F("thread_id"))
    _report_each(elsewhere, report, "its parent {parent} is in another thread; kept at the top level")
    elsewhere.update(parent=None)

    new.filter(parent__isnull=True).update(root_id=F("pk"))
    parent_root = Comment.objects.filter(pk=OuterRef("parent_id")).values("root_id")[:1]
    # One pass per level of nesting: each pass reaches the replies whose parent has a root.
    while new.filter(root__isnull=True, parent__root__isnull=False).update(
        root_id=Subquery(parent_root)
    ):
        pass
    looped = new.filter(root__isnull=True)
    _report_each(looped, report, "its chain of parents ({parent}, ...) loops; kept at the top level")
    looped.update(parent=None, root_id=F("pk"))


def _report_each(queryset, report, reason: str) -> None:
    rows = queryset.values_list("import_source", "import_id", "import_parent_id")
    for source, import_id, parent in rows.iterator():
        report.add(Problem(kind="comment", item=f"{source} {import_id}", skipped=False,
                           reason=reason.format(parent=parent)))
