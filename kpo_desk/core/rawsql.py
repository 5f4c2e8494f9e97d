"""Helpers for the few hot queries written as plain SQL (see FACTS.md and issue 10).

SQLite's planner picks a better plan when fixed sets (statuses, states) reach it as literals:
a partial index is usable only when the query repeats its condition's literals, and bound
``IN (?, ?, ?)`` lists hide how selective a condition is. The literals here are the app's own
enum values, never user input, and are checked to be plain words before they are spliced in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from functools import lru_cache

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


_BOOLEAN_TEST = re.compile(r"\b((?:[a-z_]+\.)?([a-z_]+))\s*(=|<>|!=)\s*([01])\b")


@lru_cache(maxsize=512)
def for_postgresql(sql: str) -> str:
    """``sql`` as PostgreSQL (psycopg) takes it: ``%s`` placeholders, a plain ``JOIN`` for SQLite's
    planner hint, and ``true``/``false`` where a boolean column is compared with 1 or 0. The
    statements are the app's own: no ``?`` or ``%`` occurs inside their string literals."""
    booleans = _boolean_columns()

    def boolean(match: re.Match[str]) -> str:
        whole, column, op, value = match.groups()
        if column not in booleans:
            return match.group(0)
        return f"{whole} {op} {'true' if value == '1' else 'false'}"

    sql = sql.replace("%", "%%").replace("?", "%s")
    sql = re.sub(r"\bCROSS JOIN\b", "JOIN", sql)
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
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
