"""A store is ours only if its schema is exactly ours.

A file can pass SQLite's integrity check and still carry a trigger, view or index that KPO
Desk never created: a restored backup with a trigger that deletes the audit trail on the next
import, say. So opening, restoring, checking and importing compare every table, index, trigger
and view in the file with the schema that the migrations produce for the file's revision, and
refuse anything extra, missing or altered.

The expected schemas are data (migrations/schema.json, one entry per revision), so the check
costs one read of ``sqlite_master``; a test rebuilds them from the migrations and fails when
they drift (``python -m kpo_desk.core.store_schema`` writes them anew). SQLite's own objects
(``sqlite_sequence``, ``sqlite_stat1``, ``sqlite_autoindex_…``) are the engine's, not ours,
and are not compared.
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from pathlib import Path

SCHEMA_FILE = Path(__file__).parent / "migrations" / "schema.json"

#: One object of a schema: (type, name, table it belongs to, its SQL with whitespace collapsed).
SchemaObject = tuple[str, str, str, str]


def read_schema(con: sqlite3.Connection) -> set[SchemaObject]:
    rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name, table, " ".join((sql or "").split()))
            for kind, name, table, sql in rows if not name.startswith("sqlite_")}


@cache
def expected_schemas() -> dict[str, frozenset[SchemaObject]]:
    data = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return {revision: frozenset(tuple(obj) for obj in objects) for revision, objects in data.items()}


def schema_differences(con: sqlite3.Connection, revision: str) -> list[str]:
    """Each way the schema of ``con`` differs from what KPO Desk makes for ``revision``, as a
    phrase ("a database trigger 'x' that KPO Desk did not create"); empty when it is exactly ours."""
    expected = expected_schemas().get(revision)
    if expected is None:
        return [f"a schema revision ({revision}) this version of KPO Desk does not know"]
    want = {(kind, name): (table, sql) for kind, name, table, sql in expected}
    have = {(kind, name): (table, sql) for kind, name, table, sql in read_schema(con)}
    problems = [f"a database {kind} '{name}' that KPO Desk did not create"
                for kind, name in sorted(have.keys() - want.keys())]
    problems += [f"a database {kind} '{name}' that was changed after KPO Desk created it"
                 for kind, name in sorted(have.keys() & want.keys()) if have[kind, name] != want[kind, name]]
    problems += [f"no database {kind} '{name}', which KPO Desk's schema has"
                 for kind, name in sorted(want.keys() - have.keys())]
    return problems


def build_schema(revision: str) -> set[SchemaObject]:
    """The schema the migrations make for ``revision``, in a scratch store (slow: tests only)."""
    import tempfile

    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from kpo_desk.core import store as store_module

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.sqlite3"
        engine = create_engine("sqlite://", poolclass=NullPool,
                               creator=lambda: sqlite3.connect(str(path), check_same_thread=False))
        store_module._install_pragmas(engine)
        with engine.connect() as conn:
            cfg = store_module._alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
        engine.dispose()
        con = sqlite3.connect(str(path))
        try:
            return read_schema(con)
        finally:
            con.close()


def write_schema_file() -> None:
    from kpo_desk.core.store import REVISIONS

    data = {revision: sorted(build_schema(revision)) for revision in REVISIONS}
    SCHEMA_FILE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_schema_file()
    print(f"wrote {SCHEMA_FILE}")
