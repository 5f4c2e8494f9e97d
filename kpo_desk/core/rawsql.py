"""Helpers for the few hot queries written as plain SQL (see FACTS.md and issue 10).

SQLite's planner picks a better plan when fixed sets (statuses, states) reach it as literals:
a partial index is usable only when the query repeats its condition's literals, and bound
``IN (?, ?, ?)`` lists hide how selective a condition is. The literals here are the app's own
enum values, never user input, and are checked to be plain words before they are spliced in.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from functools import lru_cache

from sqlalchemy import Executable
from sqlalchemy.exc import DBAPIError

_WORD = re.compile(r"[a-z0-9_]+")


def literals(values: Iterable[str | Enum]) -> str:
    """``'a', 'b'`` for use inside ``IN (...)``; raises ``ValueError`` for anything but a plain word."""
    out = []
    for value in values:
        text = value.value if isinstance(value, Enum) else value
        if not isinstance(text, str) or not _WORD.fullmatch(text):
            raise ValueError(f"not a plain SQL word: {text!r}")
        out.append(f"'{text}'")
    if not out:
        raise ValueError("an empty IN list")
    return ", ".join(out)


def placeholders(count: int) -> str:
    """``?, ?, ?`` for ``count`` bound values (the list of ids itself is always bound)."""
    return ", ".join("?" * count)


# -- one statement, either engine ------------------------------------------------------------------
# The hot queries are written once, for SQLite (``?`` placeholders; ``CROSS JOIN`` to fix the join
# order; booleans compared with 0 and 1, the literals SQLite's partial indexes are written with).
# ``run`` gives them to a PostgreSQL store in its dialect, so no query is written twice.

def run(conn, sql: str, params: Sequence[object] = ()):  # noqa: ANN001, ANN201 - Connection -> Result
    """Execute one plain-SQL statement on the connection's engine."""
    if conn.dialect.name == "postgresql":
        sql = for_postgresql(sql)
    return conn.exec_driver_sql(sql, tuple(params))


def fetch_all(conn, sql: str | Executable, params: Sequence[object] = ()) -> list[tuple]:  # noqa: ANN001
    """All rows of one statement (plain SQL, or a SQLAlchemy statement of untyped columns), as
    the driver's own tuples of the values as stored.

    The statement goes through SQLAlchemy (the engine's events, logging and error wrapping
    apply); only the rows skip its ``Row`` layer, which on a whole list (20,000 rows) cost about
    as much again as the driver's own fetch. No column type converts anything: the caller does."""
    result = run(conn, sql, params) if isinstance(sql, str) else conn.execute(sql)
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        return result.cursor.fetchall()
    except dbapi_error as exc:  # as SQLAlchemy's own fetch would raise it (a StoreError upstairs)
        raise DBAPIError.instance(result.context.statement, params, exc, dbapi_error,
                                  dialect=conn.dialect) from exc
    finally:
        result.close()


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a big list of rows is built: the rows are plain
    tuples (no cycles to find), but building 20,000 of them starts collections that each walk
    every object the app holds. Left as it was when already off (another build, or the caller)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_CASELESS_LIKE = re.compile(r"\blower\(((?:[a-z_]+\.)?[a-z_]+)\) LIKE lower\(%s\)")
_BOOLEAN_TEST = re.compile(r"\b((?:[a-z_]+\.)?([a-z_]+))\s*(=|<>|!=)\s*([01])\b")


@lru_cache(maxsize=512)
def for_postgresql(sql: str) -> str:
    """``sql`` as PostgreSQL (psycopg) takes it: ``%s`` placeholders, a plain ``JOIN`` for SQLite's
    planner hint, ``x ILIKE ?`` for the ``lower(x) LIKE lower(?)`` that SQLAlchemy writes for
    SQLite, and ``true``/``false`` where a boolean column is compared with 1 or 0. The
    statements are the app's own: no ``?`` or ``%`` occurs inside their string literals."""
    booleans = _boolean_columns()

    def boolean(match: re.Match[str]) -> str:
        whole, column, op, value = match.groups()
        if column not in booleans:
            return match.group(0)
        return f"{whole} {op} {'true' if value == '1' else 'false'}"

    sql = sql.replace("%", "%%").replace("?", "%s")
    sql = re.sub(r"\bCROSS JOIN\b", "JOIN", sql)
    sql = _CASELESS_LIKE.sub(r"\1 ILIKE %s", sql)
    return _BOOLEAN_TEST.sub(boolean, sql)


@lru_cache(maxsize=1)
def _boolean_columns() -> frozenset[str]:
    from sqlalchemy import Boolean
    from sqlmodel import SQLModel

    import kpo_desk.core.models  # noqa: F401  (registers every table)

    return frozenset(c.name for t in SQLModel.metadata.tables.values() for c in t.columns
                     if isinstance(c.type, Boolean))


def as_date(value: object) -> date | None:
    """The day of a date or timestamp column's value read by plain SQL: SQLite gives ISO text,
    PostgreSQL a ``date`` or ``datetime``."""
    if value.__class__ is str:  # SQLite, most calls: the quickest test first
        return date.fromisoformat(value[:10])
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
