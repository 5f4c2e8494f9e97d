"""The store's tables as plain rows, in the order foreign keys need, for export and import.

Exports carry the stored values exactly (SQLite's own int, float, text), not the model
objects, so that an import gives back an identical store, ids and audit trail included.
Only the tables the models declare are exported; search indexes are rebuilt by their
triggers as rows go in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table
from sqlmodel import SQLModel

import kpo_desk.core.models  # noqa: F401  (registers every table)
from kpo_desk.core.store import Store


def data_tables() -> list[Table]:
    """Every model table, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


@contextmanager
def snapshot(store: Store) -> Iterator[Connection]:
    """One read transaction: every table read through it sees the same moment, even while
    the GUI writes (WAL readers keep their snapshot), so an export is consistent."""
    with store.read() as session:
        yield session.connection()


def table_rows(source: Store | Connection, table: Table, *, batch: int = 5000) -> Iterator[tuple[Any, ...]]:
    """Rows of ``table`` as stored, in primary-key order, read in batches."""
    if isinstance(source, Store):
        with snapshot(source) as conn:
            yield from table_rows(conn, table, batch=batch)
        return
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
    result = source.exec_driver_sql(f'SELECT {columns} FROM "{table.name}" ORDER BY {order}')
    while True:
        rows = result.fetchmany(batch)
        if not rows:
            return
        yield from (tuple(r) for r in rows)


def sqlite_form_rows(conn: Connection, table: Table, *, batch: int = 5000) -> Iterator[tuple[Any, ...]]:
    """Rows of ``table`` read through the models' column types and given as a file store holds
    them (an instant as SQLite's text, a flag as 0 or 1): the export of a store on a team server
    reads exactly as the export of the same store in a file, so ``import json`` loads either."""
    from sqlalchemy import select
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    procs = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns]
    result = conn.execute(select(table).order_by(*table.primary_key.columns))
    while rows := result.fetchmany(batch):
        for row in rows:
            yield tuple(v if p is None or v is None else p(v) for p, v in zip(procs, row, strict=True))


def is_empty(store: Store) -> bool:
    return not any(store.table_counts().values())
