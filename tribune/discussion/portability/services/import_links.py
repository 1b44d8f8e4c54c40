"""Link imported replies to their parents and give every imported comment its root, in SQL.

Runs at the end of an import, inside its transaction, over the rows the import inserted (primary
keys from `first_pk` on, with an import source). A parent may be anywhere in the file, or stored
by an earlier import; each reply is linked through the (import_source, import_id) index.
"""

from django.db import connection
from django.db.models import F, OuterRef, Subquery

from tribune.discussion.comments.models import Comment

from ..records import Problem


def comment_tree_link(*, first_pk: int, report) -> None:
    """Set parent and root on the comments inserted since `first_pk`; report what had to change.

    A parent that points nowhere or into another thread leaves the reply at the top level; a
    chain of parents that loops is cut, and each such comment becomes a top-level comment.
    """
    if connection.vendor == "postgresql":
        # Fresh statistics, so the queries below are planned for the rows the import added.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Comment._meta.db_table)}")
    new = Comment.objects.filter(pk__gte=first_pk).exclude(import_source="")
    parents = Comment.objects.exclude(import_source="").filter(
        import_source=OuterRef("import_parent_source"), import_id=OuterRef("import_parent_id")
    )
    # Each reply is written once here, with its parent's root when the parent has one already (a
    # top-level comment, inserted with it); _roots_set gives the others theirs.
    new.filter(parent__isnull=True).exclude(import_parent_id="").update(
        parent_id=Subquery(parents.values("pk")[:1]), root_id=Subquery(parents.values("root_id")[:1])
    )
    nowhere = new.filter(parent__isnull=True).exclude(import_parent_id="")
    _report_each(nowhere, report, "its parent {parent} is not in the file; kept at the top level")
    # A correlated lookup, not a join: the planner knows nothing yet of the rows just inserted,
    # and a join it misjudges turns quadratic.
    parent_thread = Comment.objects.filter(pk=OuterRef("parent_id")).values("thread_id")[:1]
    elsewhere = new.filter(parent__isnull=False).annotate(parent_thread=Subquery(parent_thread)) \
        .exclude(parent_thread=F("thread_id"))
    moved = []
    for pk, source, import_id, parent in elsewhere.values_list("pk", "import_source", "import_id",
                                                                "import_parent_id").iterator():
        moved.append(pk)
        report.add(Problem(kind="comment", item=f"{source} {import_id}", skipped=False,
                           reason=f"its parent {parent} is in another thread; kept at the top level"))
    for start in range(0, len(moved), 500):
        Comment.objects.filter(pk__in=moved[start:start + 500]).update(parent=None, root_id=F("pk"))

    _roots_set(first_pk)
    looped = new.filter(root__isnull=True)
    _report_each(looped, report, "its chain of parents ({parent}, ...) loops; kept at the top level")
    looped.update(parent=None, root_id=F("pk"))


def _report_each(queryset, report, reason: str) -> None:
    rows = queryset.values_list("import_source", "import_id", "import_parent_id")
    for source, import_id, parent in rows.iterator():
        report.add(Problem(kind="comment", item=f"{source} {import_id}", skipped=False,
                           reason=reason.format(parent=parent)))


def _roots_set(first_pk: int) -> None:
    """Give each new comment its root in one pass down the trees (a recursive query).

    The walk starts from new comments at the top level or under a comment stored before, and
    follows replies through the parent index, so depth costs nothing extra. Only the comments
    whose root it finds different are written (most have theirs from the INSERT or the parent
    link). Comments it never reaches are in a loop of parents and keep no root: none of them
    can have been given one, since their parents are in the loop too.
    """
    table = connection.ops.quote_name(Comment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE import_roots (id bigint PRIMARY KEY, root bigint)")
        cursor.execute(
            f"""
            WITH RECURSIVE tree(id, root) AS (
                SELECT c.id, CASE WHEN c.parent_id IS NULL THEN c.id ELSE p.root_id END
                FROM {table} c LEFT JOIN {table} p ON p.id = c.parent_id
                WHERE c.id >= %s AND c.import_source <> ''
                  AND (c.parent_id IS NULL OR p.id < %s OR p.import_source = '')
                UNION ALL
                SELECT c.id, tree.root FROM {table} c JOIN tree ON c.parent_id = tree.id
                WHERE c.id >= %s AND c.import_source <> ''
            )
            INSERT INTO import_roots (id, root) SELECT id, root FROM tree
            """,  # noqa: S608 - the table name is the model's; the values are parameters
            [first_pk, first_pk, first_pk],
        )
        cursor.execute(
            f"UPDATE {table} SET root_id = (SELECT root FROM import_roots r WHERE r.id = {table}.id) "  # noqa: S608
            f"WHERE id IN (SELECT r.id FROM import_roots r JOIN {table} c ON c.id = r.id "
            f"WHERE c.root_id IS NULL OR c.root_id <> r.root)"
        )
        cursor.execute("DROP TABLE import_roots")
