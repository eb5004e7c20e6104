"""The loader's hot statements as plain SQL: the same rows and reads as the ORM calls they replace, without
building and compiling a query for every article (that work, not the database, was most of the loader's time).

Only PostgreSQL and SQLite are written for; on any other engine each helper falls back to the ORM call.
"""
from __future__ import annotations

import contextlib
from collections.abc import Sequence

from django.conf import settings
from django.db import connections, router
from django.db.models import DateField, DateTimeField, DecimalField, JSONField, Model
from django.utils import timezone

_VENDORS = ("postgresql", "sqlite")
_PREPARED = (DateField, DecimalField, JSONField)  # DateTimeField is a DateField: prepared too
_columns: dict[type[Model], tuple] = {}
_MAX_PARAMETERS = 60_000


def _connection(model: type[Model]):
    return connections[router.db_for_write(model)]


def _insert_fields(model: type[Model]) -> tuple:
    """(fields, timestamp flags, needs-preparing flags, quoted table and column list) of a model's INSERT."""
    if model not in _columns:
        meta = model._meta
        fields = [f for f in meta.concrete_fields
                  if not getattr(f, "generated", False) and not (f.primary_key and f.get_internal_type().endswith(
                      "AutoField"))]
        stamps = [isinstance(f, DateTimeField) and (f.auto_now or f.auto_now_add) for f in fields]
        prepared = [isinstance(f, _PREPARED) for f in fields]
        _columns[model] = (fields, stamps, prepared, meta.db_table)
    return _columns[model]


def insert(model: type[Model], objs: Sequence[Model], *, ignore_conflicts: bool = False) -> None:
    """bulk_create(objs, ignore_conflicts) for unsaved objs whose primary key nobody reads afterwards.

    Timestamps (auto_now, auto_now_add) get one now() per call and are set on the objects, as bulk_create does;
    nothing happens for an empty list (bulk_create returns early too).
    """
    if not objs:
        return
    conn = _connection(model)
    if conn.vendor not in _VENDORS:
        model.objects.bulk_create(objs, ignore_conflicts=ignore_conflicts)
        return
    with conn.cursor() as cursor:
        for statement, params in _insert_statements(conn, model, objs, ignore_conflicts):
            cursor.execute(statement, params)


def _insert_statements(conn, model: type[Model], objs: Sequence[Model], ignore_conflicts: bool) -> list[tuple]:
    fields, stamps, prepared, table = _insert_fields(model)
    now = timezone.now()
    stamp_fields = [f for f, s in zip(fields, stamps, strict=True) if s]
    now_db = stamp_fields[0].get_db_prep_save(now, conn) if stamp_fields else None
    params: list = []
    for obj in objs:
        for f, stamp, prep in zip(fields, stamps, prepared, strict=True):
            if stamp:
                setattr(obj, f.attname, now)
                params.append(now_db)
            else:
                value = getattr(obj, f.attname)
                params.append(f.get_db_prep_save(value, conn) if prep and value is not None else value)
    qn = conn.ops.quote_name
    width = len(fields)
    head = f"INSERT INTO {qn(table)} ({', '.join(qn(f.column) for f in fields)}) VALUES "
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    row = "(" + ", ".join(["%s"] * width) + ")"
    per = max(1, (999 if conn.vendor == "sqlite" else 10_000) // width)  # stay under SQLite's variable limit
    return [(head + ", ".join([row] * min(per, len(objs) - start)) + tail, params[start * width:(start + per) * width])
            for start in range(0, len(objs), per)]


class Inserts:
    """Inserts of one article's rows (or of a batch's: events.ingest.batch), sent together: on PostgreSQL as one
    statement (each INSERT in a WITH clause), so an article's links and figures cost one round trip instead of one per
    table; elsewhere one by one.

    Only for rows that nothing reads before flush(): the statements of one flush see none of each other's rows.
    """

    def __init__(self) -> None:
        self.parts: list[tuple[type[Model], list[Model], bool]] = []

    def add(self, model: type[Model], objs: Sequence[Model], *, ignore_conflicts: bool = False) -> None:
        """Rows of a model already added (with the same conflict handling) go in the same INSERT."""
        if not objs:
            return
        for part_model, rows, ignore in self.parts:
            if part_model is model and ignore == ignore_conflicts:
                rows.extend(objs)
                return
        self.parts.append((model, list(objs), ignore_conflicts))

    def remove(self, model: type[Model], unwanted) -> None:
        """Drop the added rows of model for which unwanted(row) is true."""
        self.parts = [(m, [o for o in rows if not unwanted(o)] if m is model else rows, ignore)
                      for m, rows, ignore in self.parts]
        self.parts = [part for part in self.parts if part[1]]

    def flush(self) -> None:
        parts, self.parts = self.parts, []
        if not parts:
            return
        conn = _connection(parts[0][0])
        if conn.vendor != "postgresql" or len(parts) == 1 or len({m for m, _, _ in parts}) < len(parts):
            for model, objs, ignore in parts:
                insert(model, objs, ignore_conflicts=ignore)
            return
        statements = [_insert_statements(conn, model, objs, ignore) for model, objs, ignore in parts]
        # One statement per part if a part is too long for one INSERT, or all of them together would pass the
        # 65,535 parameters a statement can have with server-side binding (a batch's parts each stay under 10,000).
        if any(len(s) > 1 for s in statements) or sum(len(s[0][1]) for s in statements) > _MAX_PARAMETERS:
            for model, objs, ignore in parts:
                insert(model, objs, ignore_conflicts=ignore)
            return
        *first, (last, last_params) = [s[0] for s in statements]
        sql = "WITH " + ", ".join(f"i{n} AS ({text})" for n, (text, _) in enumerate(first)) + " " + last
        with conn.cursor() as cursor:
            cursor.execute(sql, [p for _, params in first for p in params] + last_params)


def alias(model: type[Model]) -> str:
    """The database alias the model's rows are read and written on (for Model.from_db)."""
    return router.db_for_write(model)


def rows(model: type[Model], sql: str, params: Sequence) -> list[tuple]:
    """Run a read of plain columns (ids, strings) on the model's database."""
    with _connection(model).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def execute(model: type[Model], sql: str, params: Sequence) -> int:
    with _connection(model).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def relax_commit(model: type[Model]) -> bool:
    """Inside a transaction on PostgreSQL, let its COMMIT return before the WAL is flushed to disk.

    SET LOCAL lasts until the transaction ends, so nothing else on the connection is affected. A PostgreSQL crash
    (not an application crash) may then lose the last fraction of a second of committed transactions, each whole.
    Returns whether it applied (PostgreSQL only: SQLite's WAL mode already syncs at checkpoints).
    """
    conn = _connection(model)
    if conn.vendor != "postgresql" or not conn.in_atomic_block:
        return False
    with conn.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
    return True


# Statements a load sends this many times are prepared on the server (parsed and planned once): the loader sends the
# same few dozen shapes for every article, and parsing and planning them was a large part of the server's work.
PREPARE_AFTER = 2


@contextlib.contextmanager
def prepared_statements(model: type[Model]):
    """For the duration of a load, PostgreSQL binds parameters on the server and prepares repeated statements.

    Django's default psycopg cursor binds parameters in the client (the statement text changes with every value, so
    nothing can be prepared) and turns preparing off (for connection poolers, which a load does not go through: it
    holds one connection for its whole run). The connection's settings are restored afterwards, whatever happens;
    the statements it prepared stay on that connection's session and are not used again.
    Elsewhere (SQLite), or with MARSAD_LOADER_PREPARE=0 (a pooler that drops prepared statements), nothing changes.
    """
    conn = _connection(model)
    if conn.vendor != "postgresql" or not settings.MARSAD_LOADER_PREPARE:
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor  # importable only with psycopg installed

    conn.ensure_connection()
    raw = conn.connection
    before = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = ServerBindingCursor, PREPARE_AFTER
    # What Django reads of OPTIONS["server_side_binding"]: how it logs a statement (its text with the values).
    features = conn.features.__dict__
    logged = features.get("uses_server_side_binding")
    features["uses_server_side_binding"] = True
    try:
        yield
    finally:
        if logged is None:
            features.pop("uses_server_side_binding", None)
        else:
            features["uses_server_side_binding"] = logged
        if conn.connection is raw and not raw.closed:
            raw.cursor_factory, raw.prepare_threshold = before

