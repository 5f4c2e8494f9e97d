"""Moving a local store to a team server (``kpo-desk move-to URL``).

Copies every row of a local store (plain or encrypted), ids and audit trail included, and every
attachment it refers to, into an EMPTY PostgreSQL database, in one transaction on the server:

1. the target is refused, before anything is written, when any of its tables holds a row;
2. ``Store.open(url)`` migrates it to this version's schema (the same Alembic history);
3. the rows go in table by table, parents before children, read and written through the
   models' column types (so an instant, a flag or a status arrives as the same value);
4. the indexes no constraint owns (search among them), dropped before the load, are built again
   once over all rows, and the id sequences are set to the largest id copied;
5. the attachments go into ``attachment_blob``, each hashed on the way;
6. before the commit, the row count of every table and the hash of every attachment are
   checked on the server, inside the same transaction: a difference rolls everything back.

The local store is only read (the caller opens it read-only), so it is left exactly as it was.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, text

from kpo_desk.core.backup import referenced_attachments
from kpo_desk.core.errors import StoreError
from kpo_desk.core.exporters.tables import data_tables
from kpo_desk.core.store import Store

#: ``progress(line)``: one line of what is happening, for the person waiting.
MoveProgress = Callable[[str], object]
_BATCH = 2000


@dataclass
class MoveResult:
    location: str
    rows: dict[str, int] = field(default_factory=dict)
    attachments: int = 0
    attachment_bytes: int = 0
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class TargetNotEmptyError(StoreError):
    """The server database already holds records; nothing was written."""


def _say(progress: MoveProgress | None, line: str) -> None:
    if progress is not None:
        progress(line)


def refuse_unless_empty(url: str, *, password: str | None = None) -> None:
    """Refuse, without writing anything, a server database in which any table holds a row."""
    from sqlalchemy import inspect

    from kpo_desk.core.store_server import (
        create_server_engine,
        display_location,
        human_server_error,
        server_url,
    )

    target = server_url(url, password)
    where = display_location(target)
    engine = create_server_engine(target)
    try:
        with engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
            holding = [t for t in tables if conn.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first()]
    except StoreError:
        raise
    except Exception as exc:
        raise human_server_error(exc, where) or StoreError(
            f"Cannot reach the database at {where}: {exc}.") from exc
    finally:
        engine.dispose()
    if holding:
        raise TargetNotEmptyError(
            f"The database at {where} already holds records (in {holding[0]}"
            f"{f' and {len(holding) - 1} more tables' if len(holding) > 1 else ''}); move-to copies "
            "only into an empty database, so nothing was written.")


def move_to_server(source: Store, target_url: str, *, password: str | None = None,
                   progress: MoveProgress | None = None) -> MoveResult:
    """Copy ``source`` (a local store, best opened read-only) into the empty server database at
    ``target_url``; returns what was copied. Raises ``StoreError`` with one sentence, and leaves
    the server database without a row, when the target is not empty, an attachment of the source
    is missing or changed, or the copy does not check out."""
    if source.is_server:
        raise StoreError(f"{source.location} is already on a team server; move-to copies a local store.")
    started = time.perf_counter()
    refuse_unless_empty(target_url, password=password)
    _say(progress, "Preparing the server database (schema) ...")
    target = Store.open(target_url, password=password)
    result = MoveResult(target.location)
    try:
        tables = data_tables()
        expected = source.table_counts()
        with source.read() as src_session:
            src = src_session.connection()
            referenced = referenced_attachments(src)
            with target.transaction() as dst_session:
                from kpo_desk.core.store_server import (
                    create_indexes,
                    drop_indexes,
                    reset_sequences,
                    secondary_indexes,
                )

                dst = dst_session.connection()
                # The tables are empty: their secondary indexes (search among them) are built once
                # after the load, in the same transaction, instead of row by row.
                indexes = secondary_indexes(dst, [t.name for t in tables])
                drop_indexes(dst, indexes)
                for table in tables:
                    n = _copy_table(src, dst, table)
                    result.rows[table.name] = n
                    _say(progress, f"Copied {n:,} row{'s' if n != 1 else ''} of {table.name}")
                _say(progress, f"Building {len(indexes)} indexes ...")
                create_indexes(dst, indexes)
                reset_sequences(dst, tables)
                _copy_attachments(source, target, referenced, result, progress)
                _say(progress, "Verifying row counts and attachment hashes on the server ...")
                _verify(dst, target, tables, expected, referenced)
    except BaseException:
        target.close()
        raise
    target.close()
    result.seconds = time.perf_counter() - started
    _say(progress, f"Done: {result.total_rows:,} rows and {result.attachments:,} attachments in "
                   f"{result.seconds:.1f} s; verified.")
    return result


def _copy_table(src, dst, table) -> int:  # noqa: ANN001 - SQLAlchemy Connections and a Table
    """Every row of ``table``, in key order, in batches; returns how many."""
    rows = src.execute(select(table).order_by(*table.primary_key.columns))
    copied = 0
    while batch := rows.fetchmany(_BATCH):
        dst.execute(table.insert(), [dict(r._mapping) for r in batch])
        copied += len(batch)
    return copied


def _copy_attachments(source: Store, target: Store, referenced: dict, result: MoveResult,
                      progress: MoveProgress | None) -> None:
    """Every attachment the rows refer to, read from the local store (decrypted when it is
    encrypted), checked against its SHA-256 and size, and kept in ``attachment_blob``."""
    files = source.attachments
    total = len(referenced)
    for i, (sha, ref) in enumerate(sorted(referenced.items()), start=1):
        why = files.problem(sha, ref.size)
        if why:
            raise StoreError(f"The attachment '{ref.name}' of the local store {why}, so it cannot be "
                             "moved; run kpo-desk check on the local store. Nothing was written to "
                             "the server.")
        with files.open(sha) as fh:
            data = fh.read()
        if len(data) != ref.size or hashlib.sha256(data).hexdigest() != sha:
            raise StoreError(f"The attachment '{ref.name}' changed while it was read; nothing was "
                             "written to the server.")
        target.attachments.put_bytes(data, name=ref.name, check_existing=False)
        result.attachments += 1
        result.attachment_bytes += len(data)
        if i % 50 == 0 or i == total:
            _say(progress, f"Copied {i:,} of {total:,} attachments")


def _verify(dst, target: Store, tables, expected: dict[str, int], referenced: dict) -> None:  # noqa: ANN001
    """Inside the copy's transaction: the same number of rows in every table, and every
    attachment on the server with its SHA-256 and size."""
    for table in tables:
        got = dst.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one()
        if got != expected.get(table.name, 0):
            raise StoreError(f"The copy of {table.name} has {got:,} rows on the server but "
                             f"{expected.get(table.name, 0):,} in the local store; nothing was written.")
    blobs = target.attachments
    for sha, ref in referenced.items():
        why = blobs.problem(sha, ref.size)
        if why:
            raise StoreError(f"The copy of the attachment '{ref.name}' {why}; nothing was written.")
