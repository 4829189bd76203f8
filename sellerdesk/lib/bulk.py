"""Writing many rows given as plain values, without a model instance per row, for the few hot
paths where ``bulk_create``/``bulk_update``'s per-field preparation costs more than the
database does (the SLA sweep writes thousands of audit events and notices a minute at worst).

SQLite runs an ``executemany`` in C against one prepared statement: one statement per row is
cheap there. PostgreSQL, with Django's client-side parameter binding, would parse and plan
each of them, and psycopg quotes a long ``VALUES`` list or an array of texts one value at a
time in Python (about 25 µs a value, more than the server takes to write the row): there the
rows go as one JSON document, encoded in C, that the statement reads with
``json_to_recordset`` (JSON columns stay JSON inside it, not encoded twice). Text with a NUL
character cannot pass that way; the API refuses it on input (``lib.api_types.Text``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from django.db import connection, models
from django.db.models.constants import OnConflict


def _adapters(fields) -> list[tuple[int, object]]:
    """(column, how its Python value becomes an executemany parameter) for the columns that
    need it on SQLite: JSON as text, datetimes as the connection stores them."""
    ops = connection.ops
    out = []
    for index, field in enumerate(fields):
        if isinstance(field, models.JSONField):
            out.append((index, lambda value: None if value is None else json.dumps(value)))
        elif isinstance(field, models.DateTimeField):
            out.append((index, ops.adapt_datetimefield_value))
    return out


def _adapted(fields, rows: Sequence[Sequence]):
    adapters = _adapters(fields)
    # Rows often share a value (one time for a whole chunk, one case type's names): each
    # distinct object is adapted once. ``rows`` keeps them alive, so ids are not reused.
    done: dict[tuple[int, int], object] = {}
    for row in rows:
        row = list(row)
        for index, adapt in adapters:
            value = row[index]
            key = (index, id(value))
            if key not in done:
                done[key] = adapt(value)
            row[index] = done[key]
        yield row


def _isoformat(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _recordset(fields, rows: Sequence[Sequence], names: Sequence[str] = ()) -> tuple[str, str]:
    """(``json_to_recordset(%s::json) AS r(column type, …)``, the JSON of the rows) for
    PostgreSQL; the record set's columns are named as ``fields``' columns unless ``names``
    are given."""
    ops = connection.ops
    names = list(names) or [field.column for field in fields]
    document = json.dumps([dict(zip(names, row, strict=True)) for row in rows], default=_isoformat)
    types = ", ".join(
        f"{ops.quote_name(name)} "
        + ("jsonb" if isinstance(field, models.JSONField) else field.cast_db_type(connection))
        for name, field in zip(names, fields, strict=True)
    )
    return f"json_to_recordset(%s::json) AS r({types})", document


def insert_rows(
    model, columns: Sequence[str], rows: Sequence[Sequence], *, ignore_conflicts: bool = False
) -> None:
    """Insert ``rows`` (Python values in ``columns`` order) into ``model``'s table; with
    ``ignore_conflicts`` a row that breaks a unique constraint is skipped, as
    ``bulk_create(ignore_conflicts=True)`` does."""
    if not rows:
        return
    ops = connection.ops
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    fields = [model._meta.get_field(name) for name in columns]
    names = ", ".join(ops.quote_name(field.column) for field in fields)
    suffix = ops.on_conflict_suffix_sql(fields, on_conflict, None, None) if on_conflict else ""
    head = f"{ops.insert_statement(on_conflict=on_conflict)} {ops.quote_name(model._meta.db_table)}"
    # Only quoted identifiers and types from the model are formatted in; values are parameters.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            source, document = _recordset(fields, rows)
            sql = f"{head} ({names}) SELECT {names} FROM {source} {suffix}"  # noqa: S608
            cursor.execute(sql, [document])
        else:
            marks = ", ".join(["%s"] * len(fields))
            sql = f"{head} ({names}) VALUES ({marks}) {suffix}"
            cursor.executemany(sql, _adapted(fields, rows))


def update_rows(
    model, columns: Sequence[str], rows: Sequence[Sequence], *, expected: Sequence[str]
) -> set:
    """Set ``columns`` (field names) of the rows of ``model`` given as (*values, *expected
    values, pk), each only where the ``expected`` columns still hold the expected values, a
    conditional update as one statement per row would do; returns the primary keys of the rows
    updated. On SQLite that condition is checked by counting: there the caller holds the
    database's write lock from its reads to this update, so a row that changed meanwhile means
    a bug and raises ``RowsChanged`` (rolling the transaction back) instead of being skipped."""
    if not rows:
        return set()
    ops = connection.ops
    fields = [model._meta.get_field(name) for name in columns]
    checks = [model._meta.get_field(name) for name in expected]
    table = ops.quote_name(model._meta.db_table)
    pk = ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The expected values go under names of their own in the record set.
            expected_as = [f"expected_{field.column}" for field in checks]
            names = [f.column for f in fields] + expected_as + [model._meta.pk.column]
            source, document = _recordset([*fields, *checks, model._meta.pk], rows, names)
            sets = ", ".join(
                f"{ops.quote_name(f.column)} = r.{ops.quote_name(f.column)}" for f in fields
            )
            where = "".join(
                f" AND {table}.{ops.quote_name(f.column)} = r.{ops.quote_name(name)}"
                for f, name in zip(checks, expected_as, strict=True)
            )
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM {source} "  # noqa: S608
                f"WHERE {table}.{pk} = r.{pk}{where} RETURNING {table}.{pk}",
                [document],
            )
            return {row[0] for row in cursor.fetchall()}
        sets = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in fields)
        where = "".join(f" AND {ops.quote_name(f.column)} = %s" for f in checks)
        sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s{where}"  # noqa: S608
        # The primary key comes last in ``rows``, before the expected values in the statement.
        reordered = ([*row[: len(fields)], row[-1], *row[len(fields) : -1]] for row in rows)
        cursor.executemany(sql, _adapted([*fields, model._meta.pk, *checks], reordered))
        if cursor.rowcount != len(rows):
            raise RowsChanged(f"{len(rows) - cursor.rowcount} of {len(rows)} rows changed")
        return {row[-1] for row in rows}


class RowsChanged(RuntimeError):
    """A conditional update found rows changed that the caller's write lock should have kept."""
