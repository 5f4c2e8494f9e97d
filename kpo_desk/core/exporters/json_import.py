"""``kpo-desk import json PATH``: load an export made by ``export json`` into an EMPTY store.

The result is identical to the exported store: same ids, same values, same audit trail
(the import adds no event of its own, which would make it differ). Every value is checked
against its column before anything is written: types, lengths, enum values, real dates,
finite numbers, required fields. Attachment names are checked for path traversal and
their SHA-256. One transaction: a refusal anywhere leaves the store as it was.
"""

from __future__ import annotations

import base64
import errno
import io
import json
import math
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, String, Table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

from kpo_desk.core.attachments import HEX64, file_sha256
from kpo_desk.core.backup import (
    ATTACHMENTS_PREFIX,
    MAX_UNPACKED_BYTES,
    ZIP_MAGIC,
    Progress,
    disk_write_error,
    extract_member,
    report_progress,
    safe_attachment_name,
    scratch_folder,
)
from kpo_desk.core.errors import StoreError, ValidationError
from kpo_desk.core.exporters.json_export import FORMAT, FORMAT_VERSION, MANIFEST, TABLES_PREFIX
from kpo_desk.core.exporters.tables import data_tables, is_empty
from kpo_desk.core.models.types import StrEnumType
from kpo_desk.core.search import index_for
from kpo_desk.core.store import Store, known_revisions

#: An export file bigger than this is refused before it is opened, in bytes.
MAX_IMPORT_BYTES = 4 * 1024**3
BATCH = 5000
STORED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STORED_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?")


class ImportRefused(ValidationError):
    """The export cannot be imported; nothing was written."""


def _refuse(source: Path, why: str) -> ImportRefused:
    return ImportRefused(f"Cannot import {source.name}: {why}; nothing was imported.", field="path")


def import_json(store: Store, path: str | os.PathLike[str], *, progress: Progress | None = None
                ) -> dict[str, int]:
    """Import the export at ``path`` into the empty ``store``; returns rows per table."""
    source = Path(path).expanduser()
    if not source.is_file():
        raise ImportRefused(f"There is no file at {source}.", field="path")
    size = source.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise _refuse(source, f"the file is too large ({size / 1024**3:.1f} GB; an export is at most "
                              f"{MAX_IMPORT_BYTES / 1024**3:.0f} GB)")
    with source.open("rb") as fh:
        if fh.read(4) != ZIP_MAGIC:
            raise _refuse(source, "it is not an export made by KPO Desk (expected the .zip that "
                                  "'kpo-desk export json' writes)")
    if not is_empty(store):
        raise ImportRefused("The store already holds data; import only into an empty store "
                            "(give a new file with --db).", field="path")
    try:
        with zipfile.ZipFile(source) as zf:
            return _import_zip(store, zf, source, progress)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise _refuse(source, f"the file is damaged ({exc})") from None


def _import_zip(store: Store, zf: zipfile.ZipFile, source: Path, progress: Progress | None) -> dict[str, int]:
    members = zf.infolist()
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise _refuse(source, "it would unpack to an implausible size")
    names = {m.filename for m in members}
    if MANIFEST not in names:
        raise _refuse(source, "it is a zip file, but not a KPO Desk export")
    try:
        manifest = json.loads(zf.read(MANIFEST)[:1_000_000])
    except ValueError:
        raise _refuse(source, "its manifest is not readable") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(source, "it is a zip file, but not a KPO Desk export")
    revision = manifest.get("schema_revision")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION or revision not in known_revisions():
        raise _refuse(source, f"it was written by a newer version of KPO Desk (schema {revision})")
    tables = {t.name: t for t in data_tables()}
    for name in names:
        if name == MANIFEST or name.endswith("/"):
            continue
        if name.startswith(TABLES_PREFIX):
            if name[len(TABLES_PREFIX):].removesuffix(".jsonl") not in tables:
                raise _refuse(source, f"it holds an unknown table ({name!r})")
        elif safe_attachment_name(name) is None:
            raise _refuse(source, f"it contains an unsafe file name ({name!r})")

    with scratch_folder(store.path.parent) as work:
        staged = _stage_attachments(zf, source, work)
        counts: dict[str, int] = {}
        placed: list[Path] = []
        try:
            with store.transaction() as session:
                conn = session.connection()
                conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
                ordered = list(tables.values())
                # The search index is rebuilt once after the load, not fed row by row.
                with index_for(store).bulk_load(conn, list(tables)):
                    for i, table in enumerate(ordered):
                        report_progress(progress, 0.9 * i / len(ordered), f"Importing {table.name}")
                        member = f"{TABLES_PREFIX}{table.name}.jsonl"
                        if member in names:
                            counts[table.name] = _load_table(conn, zf, member, table, source)
                report_progress(progress, 0.95, "Importing attachments")
                placed = _place_attachments(staged, store.attachments.folder)
        except BaseException as exc:
            for file in placed:
                file.unlink(missing_ok=True)
            if not isinstance(exc, IntegrityError):
                raise
            why = ("a row refers to a record that is not in the export" if "FOREIGN KEY" in str(exc)
                   else "two rows clash (the same id or code twice)")
            raise _refuse(source, why) from None
    report_progress(progress, 1.0, "Import complete")
    return counts


def _stage_attachments(zf: zipfile.ZipFile, source: Path, work: Path) -> list[tuple[str, Path]]:
    staged = []
    for member in zf.infolist():
        relative = safe_attachment_name(member.filename) if member.filename.startswith(ATTACHMENTS_PREFIX) else None
        if relative is None or member.is_dir():
            continue
        target = work / "attachments" / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        extract_member(zf, member, target)
        if HEX64.match(target.name) and file_sha256(target) != target.name:
            raise _refuse(source, f"attachment {relative} does not match its checksum")
        staged.append((relative, target))
    return staged


def _place_attachments(staged: list[tuple[str, Path]], folder: Path) -> list[Path]:
    placed: list[Path] = []
    try:
        for relative, file in staged:
            target = folder / relative
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(file, target)
            os.chmod(target, 0o600)
            placed.append(target)
    except OSError as exc:
        for done in placed:
            done.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise disk_write_error(exc, folder, what="the attachments folder") from None
        raise StoreError(f"The attachments folder {folder} is not writable ({exc.strerror or exc}); "
                         "nothing was imported.") from None
    return placed


def _load_table(conn: Any, zf: zipfile.ZipFile, member: str, table: Table, source: Path) -> int:
    with zf.open(member) as raw:
        lines = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
        try:
            header = json.loads(lines.readline())
            columns = header["columns"]
        except (ValueError, KeyError, TypeError):
            raise _refuse(source, f"table {table.name} has no column list") from None
        known = {c.name: c for c in table.columns}
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise _refuse(source, f"table {table.name} has an unknown column {unknown[0]!r}")
        for col in table.columns:
            if col.name not in columns and not col.nullable:
                raise _refuse(source, f"table {table.name} lacks the required column {col.name!r}")
        checks = [_checker(known[c]) for c in columns]
        sql = (f'INSERT INTO "{table.name}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) '
               f'VALUES ({", ".join("?" * len(columns))})')
        batch: list[tuple[Any, ...]] = []
        count = 0
        for number, line in enumerate(lines, start=2):
            if not line.strip():
                continue
            try:
                values = json.loads(line)
            except ValueError:
                raise _refuse(source, f"{member} line {number} is not JSON") from None
            if not isinstance(values, list) or len(values) != len(checks):
                raise _refuse(source, f"{member} line {number} has the wrong number of values")
            try:
                batch.append(tuple(check(v) for check, v in zip(checks, values, strict=True)))
            except ValueError as exc:
                raise _refuse(source, f"{table.name} row {count + 1}: {exc}") from None
            count += 1
            if len(batch) >= BATCH:
                conn.exec_driver_sql(sql, batch)
                batch = []
        if batch:
            conn.exec_driver_sql(sql, batch)
    return count


def _checker(col: Column) -> Callable[[Any], Any]:
    """A function giving the value as SQLite should store it for ``col``, or raising
    ValueError with a short reason. Built once per column, applied to every row."""
    kind = col.type
    if isinstance(kind, TypeDecorator) and not isinstance(kind, StrEnumType):
        kind = kind.impl  # UTCDateTime stores a DateTime
    name, nullable = col.name, col.nullable

    def check(value: Any) -> Any:
        if value is None:
            if not nullable:
                raise ValueError(f"{name} is required")
            return None
        if isinstance(value, dict) and set(value) == {"$base64"}:
            return base64.b64decode(value["$base64"], validate=True)
        return typed(value)

    if isinstance(kind, StrEnumType):
        allowed = frozenset(m.value for m in kind.enum_cls)

        def typed(value: Any) -> Any:
            if value not in allowed:
                raise ValueError(f"{name} '{value}' is not one of {', '.join(sorted(allowed))}")
            return value
    elif isinstance(kind, Boolean):
        def typed(value: Any) -> Any:
            if isinstance(value, float) or value not in (0, 1):
                raise ValueError(f"{name} '{value}' is not 0 or 1")
            return int(value)
    elif isinstance(kind, Integer):
        def typed(value: Any) -> Any:
            if type(value) is not int or abs(value) >= 2**63:
                raise ValueError(f"{name} '{value}' is not a whole number")
            return value
    elif isinstance(kind, Float):
        def typed(value: Any) -> Any:
            if type(value) not in (int, float) or not math.isfinite(value):
                raise ValueError(f"{name} '{value}' is not a number")
            return value
    elif isinstance(kind, DateTime | Date):
        # The exact text form SQLAlchemy writes (and reads back) in SQLite.
        shape, parse, what = ((STORED_DATETIME, datetime.fromisoformat, "date and time")
                              if isinstance(kind, DateTime) else (STORED_DATE, date.fromisoformat, "date"))

        def typed(value: Any) -> Any:
            if not isinstance(value, str) or not shape.fullmatch(value):
                raise ValueError(f"{name} '{value}' is not a {what}")
            try:
                parse(value)
            except ValueError:
                raise ValueError(f"{name} '{value}' is not a real {what}") from None
            return value
    elif isinstance(kind, String):
        limit = kind.length

        def typed(value: Any) -> Any:
            if not isinstance(value, str):
                raise ValueError(f"{name} is not text")
            if limit and len(value) > limit:
                raise ValueError(f"{name} is too long ({len(value)} characters; the limit is {limit})")
            return value
    else:
        def typed(value: Any) -> Any:
            return value
    return check
