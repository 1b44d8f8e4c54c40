"""Counters kept in a row's column, bumped by one statement built once per model and column.

`Model.objects.filter(pk=pk).update(field=F(field) + 1)` builds and compiles its query on every
call, which costs more than running it. Every posted comment bumps three such counters (its
thread's version and two page-cache generations), so they share this one prepared statement.
"""

from functools import cache

from django.db import connection


def counter_increment(model, *, pk, field: str) -> int:
    """Add one to `field` of the row of `model` with primary key `pk`; return the rows changed
    (0 when there is no such row). Call it inside the transaction of the change it records."""
    with connection.cursor() as cursor:
        cursor.execute(_increment_sql(model, field), [pk])
        return cursor.rowcount


@cache
def _increment_sql(model, field: str) -> str:
    quote = connection.ops.quote_name
    column = quote(model._meta.get_field(field).column)
    # Names from the model's own metadata, never from input.
    return (f"UPDATE {quote(model._meta.db_table)} SET {column} = {column} + 1 "  # noqa: S608
            f"WHERE {quote(model._meta.pk.column)} = %s")
