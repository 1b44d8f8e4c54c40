"""Reads, inserts and updates by statements built once per model, for the hot paths only.

Django builds and compiles a query's SQL on every call. For a statement that touches one row
that costs more than running it: 0.15–0.3 ms against a few tens of microseconds on SQLite.
Posting a comment runs several, so it uses these helpers instead. Each statement is built from
the model's metadata on first use and kept on the connection; rows come back as model instances
as the ORM makes them (the backend's and the fields' converters applied, `Model.from_db`, the
rows of `related` foreign keys cached on the instance as select_related caches them). An import
writes millions of rows: `rows_insert` sends a batch through one prepared statement
(executemany), where bulk_create would compile every value and, on SQLite, split the batch
into chunks of 47 rows.

What they skip: `row_insert` sends pre_save and post_save as save() does but runs no `save()`
override, so callers use it only for models without one (or do its work themselves, and say
so); `rows_insert`, `row_update`, `counter_increment` and `counter_upsert`, like QuerySet.update(), send no
signals.

Everywhere else the ORM is the way to the database. These are the hot paths allowed to use this
module, the modules of USERS below (a test fails when another module imports it):

- posting a comment: tribune.discussion.comments.services.comments (the comment's INSERT and
  its key and root, the parent of a reply, the count its answer carries),
  tribune.discussion.comments.selectors (the thread and its article; the freshness of a
  cached all-comments answer), tribune.discussion.moderation.policies (the repeat check),
  tribune.discussion.comments.services.threads (the thread's version and count),
  tribune.newsroom.services.cache (the page cache's generations), tribune.core.tasks_backend
  (the notification task's row);
- the import: tribune.discussion.portability.services.imports (comments and votes in batches)
  and tribune.discussion.portability.services.import_threads (the threads it creates);
- their tests: tribune.core.tests.test_rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.constants import OnConflict
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from tribune.core.db.prepared import prepared_cursor, rows_later

# The modules allowed to import this one (see above). Keep it exact: the test fails for a module
# missing from it as for one that no longer uses it.
USERS = (
    "tribune.core.tasks_backend",
    "tribune.core.tests.test_rows",
    "tribune.discussion.comments.selectors",
    "tribune.discussion.comments.services.comments",
    "tribune.discussion.comments.services.threads",
    "tribune.discussion.moderation.policies",
    "tribune.discussion.portability.services.import_threads",
    "tribune.discussion.portability.services.imports",
    "tribune.newsroom.services.cache",
)

# Where each connection keeps its built statements (connections belong to one thread, and a
# statement's converters are bound to its connection's operations).
_CACHE_ATTRIBUTE = "_tribune_row_statements"


def row_get(model, *, related: tuple[str, ...] = (), **where):
    """Return the row of `model` whose fields equal `where` (field names, attnames or "pk"), with
    the rows of the foreign keys named in `related` loaded on it; None when there is none.
    Meant for lookups by a unique key: of several matching rows, one is returned."""
    connection = _connection()
    statement = _statement(connection, ("get", model, related, tuple(where)), _select_build)
    with prepared_cursor(connection=connection) as cursor:
        cursor.execute(statement.sql, statement.params(connection, where.values()))
        row = cursor.fetchone()
    return None if row is None else statement.load(connection, row)


def rows_values(model, fields: tuple[str, ...], *, since: tuple[str, object] | None = None,
                **where) -> list[tuple]:
    """Return the values of `fields` of every row of `model` whose fields equal `where` and, with
    `since` = (field, value), whose field is at least value. A field may be one of a foreign
    key's row ("article__status"): that row is joined (its values are None without one)."""
    return rows_values_later(model, fields, since=since, **where)()


def rows_values_later(model, fields: tuple[str, ...], *, since: tuple[str, object] | None = None,
                      **where) -> Callable[[], list[tuple]]:
    """Send the read of rows_values now and return a function that returns its rows.

    Inside a pipeline (core.db.pipeline) nothing waits for the answer until the function is
    called, or until a later statement's result is read: the read joins that round trip."""
    keys = tuple(where) + ((since[0],) if since else ())
    values = list(where.values()) + ([since[1]] if since else [])
    connection = _connection()
    statement = _statement(connection, ("values", model, tuple(fields), keys, since is not None),
                           _values_build)
    fetch = rows_later(connection, statement.sql, statement.params(connection, values))
    return lambda: [tuple(statement.convert(connection, row)) for row in fetch()]


def row_insert(obj):
    """INSERT `obj` as `save()` would (pre_save and post_save sent, auto_now fields set, the new
    primary key put on it) and return it. The model's own save(), if any, is not run."""
    connection = _connection()
    meta = obj._meta
    model = meta.concrete_model
    pre_save.send(sender=model, instance=obj, raw=False, using=connection.alias, update_fields=None)
    with_pk = obj.pk is not None or meta.auto_field is None
    statement = _statement(connection, ("insert", type(obj), with_pk), _insert_build)
    params = [field.get_db_prep_save(field.pre_save(obj, True), connection)
              for field in statement.fields]
    with prepared_cursor(connection=connection) as cursor:
        cursor.execute(statement.sql, params)
        if not with_pk:
            setattr(obj, meta.pk.attname, cursor.fetchone()[0])
    obj._state.adding = False
    obj._state.db = connection.alias
    post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False,
                   using=connection.alias)
    return obj


class InsertRow:
    """One new row of `model` for rows_insert: its columns by attribute name, the model's
    defaults for those not given (None for times, which rows_insert fills).

    Far cheaper to build than a model instance, which matters a million times over. Like an
    unsaved instance it has no primary key until the database gives it one (a model whose key
    is not numbered by the database gets its default, as a new instance does).
    """

    def __init__(self, model, **values):
        constants, callables = _defaults(model)
        self.__dict__.update(constants)
        for attname, field in callables:
            if attname not in values:
                # Evaluated for each row (a new list, a new UUID), as Model.__init__ does.
                self.__dict__[attname] = field.get_default()
        self.__dict__.update(values)
        self.pk = self.__dict__.get(model._meta.pk.attname)


def rows_insert(model, rows: list, *, ignore_conflicts: bool = False, with_pk: bool = False) -> int:
    """INSERT `rows` (unsaved instances of `model`, or InsertRows of it) as they are, in one
    prepared statement run for each of them; return how many rows were added.

    Unlike save(), the times given are kept (an import keeps when a comment was written); a
    required time left unset (`updated_at`) becomes now. With `ignore_conflicts`, rows that
    break a unique constraint are left out instead of failing. No signals are sent and the
    rows' primary keys are not read back: with `with_pk`, each row carries its own (pks_reserve).
    """
    if not rows:
        return 0
    connection = _connection()
    statement = _statement(connection, ("insert rows", model, ignore_conflicts, with_pk),
                           _insert_rows_build)
    now = timezone.now()
    params = [statement.row_params(connection, row, now) for row in rows]
    with prepared_cursor(connection=connection) as cursor:
        cursor.executemany(statement.sql, params)
        return cursor.rowcount if cursor.rowcount >= 0 else len(params)


def pks_reserve(model, count: int) -> list[int]:
    """Return `count` new primary keys of `model` (numbered by the database), in increasing
    order, for rows inserted with them (rows_insert with_pk, row_insert): a row can then point
    at itself from its INSERT (a top-level comment is its own root), where otherwise an UPDATE
    would write it a second time.

    PostgreSQL draws them from the table's sequence, which no other writer will hand out again
    (keys drawn for rows not inserted after all leave a gap, as a failed INSERT does). SQLite has
    no sequence: they follow the highest key ever given (AUTOINCREMENT's record, or the highest
    row), and the caller must hold the write lock until it inserts them (a transaction begun
    IMMEDIATE, as Tribune's are: config/settings/database.py).
    """
    return pks_reserve_later(model, count)()


def pks_reserve_later(model, count: int) -> Callable[[], list[int]]:
    """Send pks_reserve's draw now and return a function that returns the keys: inside a
    pipeline (core.db.pipeline) the draw waits for nothing until a later result is read."""
    if count <= 0:
        return lambda: []
    connection = _connection()
    meta = model._meta
    table, column = meta.db_table, meta.pk.column
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        fetch = rows_later(connection, "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)", [quote(table), column, count])
        return lambda: sorted(row[0] for row in fetch())
    # sqlite_sequence exists from the first AUTOINCREMENT table on (every Django model's).
    fetch = rows_later(connection,
                       "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
                       f"COALESCE((SELECT MAX({quote(column)}) FROM {quote(table)}), 0))", [table])

    def keys() -> list[int]:
        last = fetch()[0][0]
        return list(range(last + 1, last + 1 + count))

    return keys


def counter_increment(model, *, pk, field: str | tuple[str, ...]) -> int:
    """Add one to `field` (or to each of several fields) of the row of `model` with primary key
    `pk`, in the database (no lost update under concurrent writers); return the rows changed (0
    when there is no such row). Call it inside the transaction of the change it records."""
    connection = _connection()
    statement = _statement(connection, ("increment", model, field), _increment_build)
    with prepared_cursor(connection=connection) as cursor:
        cursor.execute(statement.sql, statement.params(connection, [pk]))
        return cursor.rowcount


def counter_upsert(model, *, pk, field: str) -> None:
    """Add one to `field` of the row of `model` with primary key `pk`, making the row (with 1)
    when there is none, in one statement whose result is not read: it joins a pipeline's round
    trip (core.db.pipeline). The model's other columns must have database defaults or be
    nullable. Call it inside the transaction of the change it records."""
    connection = _connection()
    statement = _statement(connection, ("upsert", model, field), _upsert_build)
    with prepared_cursor(connection=connection) as cursor:
        cursor.execute(statement.sql, statement.params(connection, [pk]))


def row_update(model, pk, **values) -> int:
    """Set `values` (field names) on the row of `model` with primary key `pk`; return the rows
    changed. Sends no signals; auto_now fields are left as they are."""
    connection = _connection()
    statement = _statement(connection, ("update", model, tuple(values)), _update_build)
    with prepared_cursor(connection=connection) as cursor:
        cursor.execute(statement.sql, statement.params(connection, [*values.values(), pk]))
        return cursor.rowcount


@dataclass
class _Statement:
    sql: str
    # The fields whose values fill the placeholders, in order.
    fields: list
    # (model, field attnames, first column, the foreign key that holds it or None) per model read.
    models: tuple = ()
    # (column index, converters, expression) for the columns that need converting.
    converters: tuple = ()
    # (attname, how to prepare its value, field) per column of a row to insert (rows_insert).
    columns: tuple = ()

    def params(self, connection, values) -> list:
        return [field.get_db_prep_value(value, connection) for field, value in
                zip(self.fields, values, strict=True)]

    def row_params(self, connection, row, now) -> list:
        adapt = connection.ops.adapt_datetimefield_value
        values = []
        for attname, how, field in self.columns:
            value = getattr(row, attname)
            if how is _AS_IS:
                values.append(value)
            elif how is _TIME:
                values.append(None if value is None else adapt(value))
            elif how is _TIME_REQUIRED:
                values.append(adapt(now if value is None else value))
            else:
                values.append(field.get_db_prep_save(value, connection))
        return values

    def convert(self, connection, row) -> list:
        row = list(row)
        for index, converters, expression in self.converters:
            value = row[index]
            for converter in converters:
                value = converter(value, expression, connection)
            row[index] = value
        return row

    def load(self, connection, row):
        row = self.convert(connection, row)
        main = None
        for model, attnames, start, via in self.models:
            values = row[start:start + len(attnames)]
            obj = model.from_db(connection.alias, attnames, values)
            if via is None:
                main = obj
            else:
                # A left join without a match reads as a row of NULLs: no related object.
                via.set_cached_value(main, obj if obj.pk is not None else None)
        return main


def _connection():
    # The thread's connection itself: `django.db.connection` is a proxy that would look it up
    # again on every attribute each field's preparation reads.
    return connections[DEFAULT_DB_ALIAS]


def _statement(connection, key: tuple, build) -> _Statement:
    statements = connection.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    statement = statements.get(key)
    if statement is None:
        statement = statements[key] = build(connection, *key[1:])
    return statement


def _foreign_key(model, name: str):
    fk = model._meta.get_field(name)
    if not (fk.many_to_one or fk.one_to_one) or fk.auto_created:
        raise ValueError(f"{model.__name__}.{name} is not a foreign key on {model.__name__}")
    return fk


def _field(model, name: str):
    meta = model._meta
    return meta.pk if name == "pk" else meta.get_field(name)


def _columns(connection, alias: str, fields, first: int) -> tuple[list[str], list]:
    """Return the quoted columns of `fields` and the converters the ORM would apply to them."""
    columns, converters = [], []
    for i, field in enumerate(fields):
        columns.append(f"{alias}.{connection.ops.quote_name(field.column)}")
        expression = field.get_col(alias)
        found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        if found:
            converters.append((first + i, tuple(found), expression))
    return columns, converters


def _where(connection, model, alias: str, keys, since: bool = False) -> tuple[str, list]:
    """Return the WHERE test of `keys` (each equal; with `since`, the last one at least) and the
    fields of its placeholders."""
    fields = [_field(model, key) for key in keys]
    tests = [f"{alias}.{connection.ops.quote_name(f.column)} "
             f"{'>=' if since and i == len(fields) - 1 else '='} %s" for i, f in enumerate(fields)]
    return " AND ".join(tests) or "1 = 1", fields


# Names in the statements below come from the models' metadata, never from input.

def _select_build(connection, model, related, keys) -> _Statement:
    quote = connection.ops.quote_name
    columns, converters, models, joins = [], [], [], []
    sources = [(model, "t0", None)]
    for i, name in enumerate(related, 1):
        fk = _foreign_key(model, name)
        target = fk.remote_field.model
        join = "LEFT OUTER JOIN" if fk.null else "INNER JOIN"
        joins.append(f"{join} {quote(target._meta.db_table)} t{i} "
                     f"ON t{i}.{quote(fk.target_field.column)} = t0.{quote(fk.column)}")
        sources.append((target, f"t{i}", fk))
    for source, alias, via in sources:
        fields = source._meta.concrete_fields
        cols, convs = _columns(connection, alias, fields, len(columns))
        models.append((source, [f.attname for f in fields], len(columns), via))
        columns += cols
        converters += convs
    where, where_fields = _where(connection, model, "t0", keys)
    sql = (f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} t0 "  # noqa: S608
           f"{' '.join(joins)} WHERE {where} LIMIT 1")
    return _Statement(sql=sql, fields=where_fields, models=tuple(models), converters=tuple(converters))


def _values_build(connection, model, names, keys, since) -> _Statement:
    quote = connection.ops.quote_name
    columns, converters, joins = [], [], {}
    for name in names:
        alias, source, field_name = "t0", model, name
        if "__" in name:
            fk_name, field_name = name.split("__", 1)
            fk = _foreign_key(model, fk_name)
            alias = joins.setdefault(fk, f"t{len(joins) + 1}")
            source = fk.remote_field.model
        cols, convs = _columns(connection, alias, [_field(source, field_name)], len(columns))
        columns += cols
        converters += convs
    tables = [f"{quote(model._meta.db_table)} t0"] + [
        f"LEFT OUTER JOIN {quote(fk.remote_field.model._meta.db_table)} {alias} "
        f"ON {alias}.{quote(fk.target_field.column)} = t0.{quote(fk.column)}"
        for fk, alias in joins.items()
    ]
    where, where_fields = _where(connection, model, "t0", keys, since=since)
    sql = f"SELECT {', '.join(columns)} FROM {' '.join(tables)} WHERE {where}"  # noqa: S608
    return _Statement(sql=sql, fields=where_fields, converters=tuple(converters))


def _insert_build(connection, model, with_pk) -> _Statement:
    quote = connection.ops.quote_name
    meta = model._meta
    if meta.parents:
        raise ValueError(f"{model.__name__} inherits a table: save it with save()")
    fields = [f for f in meta.local_concrete_fields if with_pk or f is not meta.auto_field]
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    if not with_pk:
        sql += f" RETURNING {quote(meta.pk.column)}"
    return _Statement(sql=sql, fields=fields)


def _insert_rows_build(connection, model, ignore_conflicts, with_pk) -> _Statement:
    ops = connection.ops
    meta = model._meta
    if meta.parents:
        raise ValueError(f"{model.__name__} inherits a table: save it with save()")
    fields = [f for f in meta.local_concrete_fields if with_pk or f is not meta.auto_field]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    suffix = ops.on_conflict_suffix_sql(fields, on_conflict, None, None) if on_conflict else ""
    sql = (f"{ops.insert_statement(on_conflict=on_conflict)} {ops.quote_name(meta.db_table)} "
           f"({', '.join(ops.quote_name(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))}) {suffix}").rstrip()
    return _Statement(sql=sql, fields=fields,
                      columns=tuple((f.attname, _preparation(f), f) for f in fields))


# How rows_insert prepares a column's value: as it is, a time (None kept), a required time
# (None becomes now), or through the field (get_db_prep_save) for every other kind.
_AS_IS, _TIME, _TIME_REQUIRED, _FIELD = "as is", "time", "required time", "field"
# Kinds whose Python values both databases take as they are: preparing a million of them
# through their fields is most of what makes bulk_create slow.
_KINDS_AS_IS = frozenset({
    "AutoField", "BigAutoField", "SmallAutoField", "BooleanField", "CharField", "TextField",
    "SlugField", "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
    "PositiveBigIntegerField", "PositiveSmallIntegerField",
})


def _preparation(field) -> str:
    if isinstance(field, models.DateTimeField):
        return _TIME if field.null else _TIME_REQUIRED
    kind = (field.target_field if field.is_relation else field).get_internal_type()
    return _AS_IS if kind in _KINDS_AS_IS else _FIELD


_DEFAULTS: dict = {}


def _defaults(model) -> tuple[dict, list]:
    """Return the defaults of a new row of `model`: {attname: value} for the fixed ones, and
    (attname, field) for those a callable gives anew each time."""
    if model not in _DEFAULTS:
        constants, callables = {}, []
        for f in model._meta.concrete_fields:
            if f is model._meta.auto_field:
                continue
            if isinstance(f, models.DateTimeField):
                # Left unset: rows_insert makes a required time now.
                constants[f.attname] = None
            elif callable(f.default):
                callables.append((f.attname, f))
            else:
                constants[f.attname] = f.get_default()
        _DEFAULTS[model] = constants, callables
    return _DEFAULTS[model]


def _increment_build(connection, model, names) -> _Statement:
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [quote(_field(model, name).column) for name in ((names,) if isinstance(names, str) else names)]
    sets = ", ".join(f"{column} = {column} + 1" for column in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    return _Statement(sql=sql, fields=[meta.pk])


def _upsert_build(connection, model, name) -> _Statement:
    quote = connection.ops.quote_name
    meta = model._meta
    table, pk, column = quote(meta.db_table), quote(meta.pk.column), quote(_field(model, name).column)
    sql = (f"INSERT INTO {table} ({pk}, {column}) VALUES (%s, 1) "  # noqa: S608
           f"ON CONFLICT ({pk}) DO UPDATE SET {column} = {table}.{column} + 1")
    return _Statement(sql=sql, fields=[meta.pk])


def _update_build(connection, model, names) -> _Statement:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = [_field(model, name) for name in names]
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    return _Statement(sql=sql, fields=[*fields, meta.pk])
