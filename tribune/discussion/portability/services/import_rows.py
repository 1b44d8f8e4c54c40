"""Insert imported rows with one prepared statement per batch (executemany).

bulk_create compiles every value through the ORM and, on SQLite, splits a batch into chunks of
47 rows; for an import of millions of comments that is most of the time spent. It also replaces
`created_at` with "now", and an import must keep when a comment was written. The rows are model
instances the import service built, written column by column in model order.
"""

from django.db import connection
from django.db.models import DateTimeField
from django.db.models.constants import OnConflict
from django.utils import timezone

from tribune.discussion.comments.models import Comment


class ImportRow:
    """One row to insert: the model's columns by attribute name, defaults for those not given.

    Far cheaper to build than a model instance, which matters a million times over.
    """

    def __init__(self, model, **values):
        self.__dict__.update(_defaults(model))
        self.__dict__.update(values)


def rows_insert(model, objects: list, *, ignore_conflicts: bool = False) -> int:
    """Insert `objects` (unsaved) as they are; return how many rows were added.

    Timestamps that are unset (`updated_at`) become now. With `ignore_conflicts`, rows that break
    a unique constraint are left out instead of failing the import.
    """
    if not objects:
        return 0
    fields, rows = _columns_and_rows(model, objects)
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    sql = _insert_sql(model, fields, on_conflict=on_conflict)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        return cursor.rowcount if cursor.rowcount >= 0 else len(rows)


def row_insert_returning_pk(model, obj) -> int:
    """Insert one unsaved `obj` as it is (its created_at kept) and return its primary key."""
    fields, rows = _columns_and_rows(model, [obj])
    sql = _insert_sql(model, fields) + f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, rows[0])
        obj.pk = cursor.fetchone()[0]
    return obj.pk


def comment_last_pk() -> int:
    """Return the highest comment primary key now (0 for none): the import's rows come after."""
    last = Comment.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def _columns_and_rows(model, objects: list) -> tuple[list, list[list]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    adapt = connection.ops.adapt_datetimefield_value
    dates = [isinstance(f, DateTimeField) and not f.null for f in fields]
    nullable_dates = [isinstance(f, DateTimeField) and f.null for f in fields]
    names = [f.attname for f in fields]
    now = timezone.now()
    rows = []
    for obj in objects:
        values = []
        for name, is_date, maybe_date in zip(names, dates, nullable_dates, strict=True):
            value = getattr(obj, name)
            if is_date:
                # A required time left unset (updated_at) is now.
                value = adapt(now if value is None else value)
            elif maybe_date and value is not None:
                value = adapt(value)
            values.append(value)
        rows.append(values)
    return fields, rows


def _insert_sql(model, fields, *, on_conflict=None) -> str:
    # Table and column names come from the model's own meta; every value is a parameter.
    ops = connection.ops
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    suffix = ops.on_conflict_suffix_sql(fields, on_conflict, None, None) if on_conflict else ""
    table = ops.quote_name(model._meta.db_table)
    return f"{ops.insert_statement(on_conflict=on_conflict)} {table} ({columns}) VALUES ({marks}) {suffix}"


_DEFAULTS: dict = {}


def _defaults(model) -> dict:
    if model not in _DEFAULTS:
        _DEFAULTS[model] = {
            f.attname: None if f.null or isinstance(f, DateTimeField) else f.get_default()
            for f in model._meta.concrete_fields if not f.primary_key
        }
    return _DEFAULTS[model]
