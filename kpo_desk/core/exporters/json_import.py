"""``kpo-desk import json PATH``: load an export made by ``export json`` into an EMPTY store.

The result is identical to the exported store: same ids, same values, same audit trail
(the import adds no event of its own, which would make it differ). An export is input from
outside, so before anything is written:

- the zip passes the limits restore uses (members, names, sizes sized to the store,
  compression ratio; bytes counted while unpacking, not taken from the headers);
- every value is checked against its column: type, length (text columns without a length in
  the schema are capped at what editing allows, ``TEXT_LIMITS``), no control characters that
  editing refuses, enum values, real dates, finite numbers, required fields; ``{"$base64": …}``
  only in a binary column;
- every row of a table that a form edits goes through that form's validator (the same
  ``validate_*`` function of the service), so what editing refuses, importing refuses;
- every reference points at a row of the export (``PRAGMA foreign_key_check``);
- attachment files are named by the SHA-256 of their bytes, and the files are exactly the
  ones the rows refer to.

JSON Lines are read a bounded line at a time, so a crafted value cannot make the import build
a string larger than any row KPO Desk writes. One transaction: a refusal anywhere names the
table, row and field, and leaves the store as it was.

**Into a team server** (``--db postgresql://...``) the same checks run, in one transaction on the
server: the rows go in through the models' column types (the server's columns are typed), the
attachments go into the database (``attachment_blob``, kpo_desk/core/attachments_db.py) and are
hashed there again before the commit, and the id sequences are set past the imported ids. Nothing
bypasses the server's rules (no trigger is switched off), so the change notifications go out at
commit like any other write's. Importing is a manager's action: a login the server does not let
add rows to every table (an analyst) is refused before anything is read, and the database must
hold no row at all, not even a team's logins (``team init`` comes after the import).
"""

from __future__ import annotations

import base64
import errno
import json
import math
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, LargeBinary, String, Table
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.types import TypeDecorator

from kpo_desk.core.attachments import HEX64, file_sha256
from kpo_desk.core.backup import (
    ATTACHMENTS_PREFIX,
    ZIP_MAGIC,
    Progress,
    attachment_member_sha,
    attachment_mismatch,
    check_zip_directory,
    check_zip_members,
    declared_missing,
    disk_write_error,
    extract_member,
    parse_manifest,
    read_small_member,
    referenced_attachments,
    report_progress,
    scratch_folder,
    unpack_budget,
)
from kpo_desk.core.errors import KpoDeskError, StoreError, ValidationError
from kpo_desk.core.exporters.json_export import FORMAT, FORMAT_VERSION, MANIFEST, TABLES_PREFIX
from kpo_desk.core.exporters.tables import data_tables, is_empty
from kpo_desk.core.models.types import StrEnumType, UTCDateTime
from kpo_desk.core.search import index_for
from kpo_desk.core.store import Store, known_revisions
from kpo_desk.core.validation import CONTROL_CHARACTERS, as_recorded

#: An export file bigger than this is refused before it is opened, in bytes.
MAX_IMPORT_BYTES = 4 * 1024**3
MAX_MANIFEST_BYTES = 1_000_000
#: The column list line of a table file.
MAX_HEADER_BYTES = 64 * 1024
BATCH = 5000
#: Bound values in one statement on a server (PostgreSQL's protocol takes at most 65,535).
_SERVER_PARAMETERS = 30_000
STORED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STORED_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?")
_SURROGATE = re.compile("[\ud800-\udfff]")

#: The longest text, in characters, each text column without a length in the schema may hold:
#: what editing allows (the limits of the services' validators), or for text the app writes
#: itself, a generous bound on what it writes. tests/core/test_export_import.py holds every
#: such column to having one.
TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("client", "notes"): 20_000,                         # parties.validate_client
    ("engagement", "description"): 50_000,               # engagements.validate_engagement
    ("engagement", "health_override_reason"): 500,       # engagements.validate_engagement
    ("communication", "body"): 2_000_000,                # communications.validate_communication
    ("communication", "recipients"): 100_000,            # mail import: To and Cc
    ("checklistitem", "text"): 2_000,                    # checklist templates (500), with room
    ("checklistitem", "reason"): 500,                    # checklists.workflow
    ("checklistitem", "note"): 4_000,                    # checklists.workflow
    ("milestone", "qa_override_reason"): 500,            # milestones
    ("risk", "description"): 2_000,                      # work.validate_risk
    ("risk", "mitigation"): 4_000,                       # work.validate_risk
    ("timeentry", "note"): 2_000,                        # work.validate_time_entry
    ("reportrecord", "summary"): 6_000,                  # reports.records.SUMMARY_LIMIT
    ("reportrecord", "settings_json"): 100_000,          # written by reports.records
    ("reportpreset", "sections_json"): 100_000,          # written by reports.presets
    ("setting", "value"): 100_000,                       # firm settings and thresholds
    # An audit event's values are a JSON snapshot of one record: a communication with the
    # longest body and recipients, each character escaped at most once (two characters).
    ("auditevent", "old_values"): 4_500_000,
    ("auditevent", "new_values"): 4_500_000,
}
#: Bytes one character of a JSON string may take in a line (``\u001f`` is six).
_BYTES_PER_CHARACTER = 6


class ImportRefused(ValidationError):
    """The export cannot be imported; nothing was written."""


class _BadValue(ValueError):
    """A value its column cannot hold; ``str()`` starts with the column's name."""


def _refuse(source: Path, why: str) -> ImportRefused:
    return ImportRefused(f"Cannot import {source.name}: {why}; nothing was imported.", field="path")


def _shown(value: Any) -> str:
    """A value from the file as a one-line sentence may quote it: control characters (a line
    break in a crafted manifest) written as escapes, and cut at 40 characters."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return text if len(text) <= 40 else text[:37] + "..."


def import_json(store: Store, path: str | os.PathLike[str], *, progress: Progress | None = None,
                refuse: Callable[[str], KpoDeskError] | None = None) -> dict[str, int]:
    """Import the export at ``path`` into the empty ``store`` (a file, or a team server's
    database); returns rows per table. ``refuse(why)`` words a refusal of the file (restore,
    which builds a store from a server's backup this way, words its own)."""
    source = Path(path).expanduser()
    if not source.is_file():
        raise ImportRefused(f"There is no file at {source}.", field="path")
    if refuse is None:
        refuse = partial(_refuse, source)
    size = source.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise refuse(f"the file is too large ({size / 1024**3:.1f} GB; an export is at most "
                     f"{MAX_IMPORT_BYTES / 1024**3:.0f} GB)")
    with source.open("rb") as fh:
        if fh.read(4) != ZIP_MAGIC:
            raise refuse("it is not an export made by KPO Desk (expected the .zip that "
                         "'kpo-desk export json' writes)")
    if store.is_server:
        _refuse_unless_manager(store)
        _refuse_unless_empty_server(store)
    elif not is_empty(store):
        raise ImportRefused("The store already holds data; import only into an empty store "
                            "(give a new file with --db).", field="path")
    try:
        check_zip_directory(source, refuse)
        with zipfile.ZipFile(source) as zf:
            return _import_zip(store, zf, source, unpack_budget(size, store.path), progress, refuse)
    # zlib.error: a deflated member whose bytes were changed (its CRC is not reached)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, zlib.error) as exc:
        why = "a compressed part of it does not unpack" if isinstance(exc, zlib.error) else exc
        raise refuse(f"the file is damaged ({why})") from None


def _refuse_unless_manager(store: Store) -> None:
    """On a team server: refuse, before anything is read from the file, a login that the server
    does not let add rows to every table the import fills (an analyst; or any login but the
    owner in a database that ``team init`` has not set up). The server's own privileges answer,
    and they hold the insert itself too."""
    from sqlalchemy import text

    from kpo_desk.core.attachments_db import TABLE as BLOB_TABLE

    with store.connection() as conn:
        login = conn.exec_driver_sql("SELECT current_user").scalar_one()
        for name in [t.name for t in data_tables()] + [BLOB_TABLE]:
            allowed = conn.execute(text("SELECT has_table_privilege(:t, 'INSERT')"), {"t": name}).scalar_one()
            if not allowed:
                raise ImportRefused(f"Importing into {store.location} is a manager's action, and the team "
                                    f"server does not let {login} add rows to {name}; nothing was imported.",
                                    field="path")


def _refuse_unless_empty_server(store: Store) -> None:
    """A team server's database takes an import only when no table holds a row: the app's tables,
    the attachments' bytes and a team's logins (``team init`` makes a staff member, so a team's
    database is never empty; it is set up after the import)."""
    from sqlalchemy import text

    from kpo_desk.core.attachments_db import TABLE as BLOB_TABLE

    holding = [name for name, n in store.table_counts().items() if n]
    with store.connection() as conn:
        for name in (BLOB_TABLE, "team_login"):
            if conn.execute(text("SELECT to_regclass(:t)"), {"t": name}).scalar_one() is not None and \
                    conn.exec_driver_sql(f'SELECT 1 FROM "{name}" LIMIT 1').first() is not None:
                holding.append(name)
    if holding:
        raise ImportRefused(f"The database at {store.location} already holds records (in {holding[0]}"
                            f"{f' and {len(holding) - 1} more tables' if len(holding) > 1 else ''}); import "
                            "only into an empty database (then run kpo-desk team init on it), so nothing "
                            "was imported.", field="path")


def _import_zip(store: Store, zf: zipfile.ZipFile, source: Path, budget: int,
                progress: Progress | None, refuse: Callable[[str], KpoDeskError]) -> dict[str, int]:
    members = check_zip_members(zf, budget, refuse)
    by_name = {m.filename: m for m in members}
    if MANIFEST not in by_name:
        raise refuse("it is a zip file, but not a KPO Desk export")
    manifest = parse_manifest(read_small_member(zf, by_name[MANIFEST], MAX_MANIFEST_BYTES, refuse), refuse)
    if manifest.get("format") != FORMAT:
        raise refuse("it is a zip file, but not a KPO Desk export")
    version, revision = manifest.get("format_version", 0), manifest.get("schema_revision")
    if type(version) is not int or not isinstance(revision, str):
        raise refuse("its manifest does not say which version wrote it")
    if version > FORMAT_VERSION or revision not in known_revisions():
        raise refuse(f"it was written by a newer version of KPO Desk (schema {_shown(revision)})")
    lost = declared_missing(manifest, refuse)
    tables = {t.name: t for t in data_tables()}
    for name, member in by_name.items():
        if name == MANIFEST or (member.is_dir() and name in (TABLES_PREFIX, ATTACHMENTS_PREFIX)):
            continue
        if name.startswith(TABLES_PREFIX):
            if name[len(TABLES_PREFIX):].removesuffix(".jsonl") not in tables or not name.endswith(".jsonl"):
                raise refuse(f"it holds an unknown table ({_shown(repr(name))})")
        elif attachment_member_sha(name) is None:
            raise refuse(f"it contains an unsafe file name ({_shown(repr(name))}); an attachment "
                         "is named by the SHA-256 of its bytes")

    server = store.is_server
    # A server store has no folder of its own: the files are checked in a private (0700) scratch
    # folder under the system's temporary folder, and removed whatever happens.
    with scratch_folder(Path(tempfile.gettempdir()) if server else store.path.parent) as work:
        staged = _stage_attachments(zf, members, work, budget, refuse)
        counts: dict[str, int] = {}
        placed: list[Path] = []
        try:
            with store.transaction() as session:
                conn = session.connection()
                if not server:  # the server checks each reference as the row goes in
                    conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
                ordered = list(tables.values())
                # The search index is rebuilt once after the load, not fed row by row.
                with index_for(store).bulk_load(conn, list(tables)), as_recorded():
                    for i, table in enumerate(ordered):
                        report_progress(progress, 0.9 * i / len(ordered), f"Importing {table.name}")
                        member = by_name.get(f"{TABLES_PREFIX}{table.name}.jsonl")
                        if member is not None:
                            counts[table.name] = _load_table(session, zf, member, table, refuse)
                if not server:
                    _check_references(conn, refuse)
                why = attachment_mismatch(referenced_attachments(conn),
                                          {sha: size for sha, (_path, size) in staged.items()}, lost)
                if why:
                    raise refuse(why)
                report_progress(progress, 0.95, "Importing attachments")
                if server:
                    _keep_blobs(staged, store, refuse)
                    from kpo_desk.core.store_server import reset_sequences

                    reset_sequences(conn, ordered)
                else:
                    placed = _place_attachments(staged, store)
        except BaseException as exc:
            for file in placed:
                file.unlink(missing_ok=True)
            if isinstance(exc, DataError):  # a server's typed column refuses a value
                raise refuse(f"a value the database refuses ({_shown(_first_line(exc))})") from None
            if not isinstance(exc, IntegrityError):
                raise
            said = str(exc.orig)
            if "FOREIGN KEY" in said or "foreign key constraint" in said:
                why = "a row refers to a record that is not in the export"
            elif server and "duplicate key" not in said:
                why = f"a row breaks a rule of the database ({_shown(_first_line(exc))})"
            else:
                why = "two rows clash (the same id or code twice)"
            raise refuse(why) from None
    report_progress(progress, 1.0, "Import complete")
    return counts


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    return (str(orig).strip().splitlines() or [""])[0]


def _keep_blobs(staged: dict[str, tuple[Path, int]], store: Store,
                refuse: Callable[[str], KpoDeskError]) -> None:
    """A team server's attachments: each checked file into ``attachment_blob``, in the import's
    transaction, then hashed again by the server, so what commits is what the export held."""
    blobs = store.attachments
    for sha, (file, size) in staged.items():
        kept = blobs.put_file(file, name=sha, limit=size)
        if kept.sha256 != sha:
            raise refuse(f"attachment {sha} changed while it was imported")
    for sha, (_file, size) in staged.items():
        why = blobs.problem(sha, size)
        if why:
            raise refuse(f"attachment {sha[:12]}… {why} after it was imported")


def _stage_attachments(zf: zipfile.ZipFile, members: list[zipfile.ZipInfo], work: Path, budget: int,
                       refuse: Callable[[str], ImportRefused]) -> dict[str, tuple[Path, int]]:
    """Unpack the attachment files into ``work``, each checked against the SHA-256 it is named by."""
    staged: dict[str, tuple[Path, int]] = {}
    folder = work / "attachments"
    folder.mkdir(mode=0o700)
    left = budget
    for member in members:
        sha = attachment_member_sha(member.filename)
        if sha is None:
            continue
        target = folder / sha
        written = extract_member(zf, member, target, allowance=left, refuse=refuse)
        left -= written
        if file_sha256(target) != sha:
            raise refuse(f"attachment {sha} does not match its checksum")
        staged[sha] = (target, written)
    return staged


def _place_attachments(staged: dict[str, tuple[Path, int]], store: Store) -> list[Path]:
    placed: list[Path] = []
    folder = store.attachments.folder
    try:
        for sha, (file, _size) in staged.items():
            target = store.attachments.path_of(sha)
            if target.exists():
                continue
            if getattr(store, "encrypted", False):  # sealed by the store: no plaintext on disk
                store.attachments.put_file(file, name=sha, limit=_size)
            else:
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


def _check_references(conn: Any, refuse: Callable[[str], ImportRefused]) -> None:
    """Name the first row whose reference points at no row of the export."""
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
    if broken is not None:
        table, rowid, parent = broken[0], broken[1], broken[2]
        raise refuse(f"{table} row with id {rowid} refers to a {parent} that is not in the export")


# -- tables --------------------------------------------------------------------------------------
def line_limit(table: Table) -> int:
    """The longest line, in bytes, a row of ``table`` can take in an export."""
    total = 4096
    for col in table.columns:
        cap = text_limit(col)
        total += 64 + (_BYTES_PER_CHARACTER * cap if cap else 0)
    return total


def text_limit(col: Column) -> int | None:
    """The most characters a text column holds (None for a column that is not text)."""
    kind = col.type
    if isinstance(kind, StrEnumType):
        return 32
    if isinstance(kind, TypeDecorator):
        kind = kind.impl
    if not isinstance(kind, String):
        return None
    return kind.length or TEXT_LIMITS[(col.table.name, col.name)]


def _read_line(raw: Any, limit: int, member: str, number: int,
               refuse: Callable[[str], ImportRefused]) -> str:
    line = raw.readline(limit + 1)
    if len(line) > limit:
        raise refuse(f"{member} line {number} is longer than any row KPO Desk writes "
                     f"({limit:,} bytes at most)")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        raise refuse(f"{member} line {number} is not UTF-8 text") from None


def _parse_line(text: str, member: str, number: int, refuse: Callable[[str], ImportRefused]) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise refuse(f"{member} line {number} is nested too deeply to be a row") from None
    except ValueError:
        raise refuse(f"{member} line {number} is not JSON") from None


def _load_table(session: Any, zf: zipfile.ZipFile, member: zipfile.ZipInfo, table: Table,
                refuse: Callable[[str], ImportRefused]) -> int:
    conn = session.connection()
    name = member.filename
    with zf.open(member) as raw:
        header = _parse_line(_read_line(raw, MAX_HEADER_BYTES, name, 1, refuse), name, 1, refuse)
        columns = header.get("columns") if isinstance(header, dict) else None
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            raise refuse(f"table {table.name} has no column list")
        known = {c.name: c for c in table.columns}
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise refuse(f"table {table.name} has an unknown column {_shown(repr(unknown[0]))}")
        if len(set(columns)) != len(columns):
            raise refuse(f"table {table.name} names a column twice")
        for col in table.columns:
            if col.name not in columns and not col.nullable and col.server_default is None:
                raise refuse(f"table {table.name} lacks the required column {col.name!r}")
        checks = [_checker(known[c]) for c in columns]
        validate = row_validator(table, columns)
        into = f'INSERT INTO "{table.name}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) '
        sql = into + f'VALUES ({", ".join("?" * len(columns))})'
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"  # a server's driver's placeholders
        # A server's columns are typed: the stored values go in as the Python values the models
        # read from a file store (an instant, a flag, a date), bound by the server's dialect.
        typed = None if conn.dialect.name == "sqlite" else _server_values(conn.dialect, [known[c] for c in columns])
        limit = line_limit(table)
        batch: list[tuple[Any, ...]] = []
        count = 0
        number = 1

        def flush() -> None:
            if typed is None:
                conn.exec_driver_sql(sql, batch)
            else:
                # One multi-row INSERT per chunk, not executemany: psycopg's pipeline for that
                # logs a line of its own to stderr when a row is refused; and a statement-level
                # change notification fires once per statement, not once per row.
                step = max(1, _SERVER_PARAMETERS // len(columns))
                for at in range(0, len(batch), step):
                    chunk = batch[at:at + step]
                    conn.exec_driver_sql(into + "VALUES " + ", ".join([row] * len(chunk)),
                                         tuple(v for values in chunk for v in typed(values)))
            if validate is not None:  # after the insert, so a clash within the batch is seen
                first = count - len(batch) + 1
                for offset, values in enumerate(batch):
                    validate(session, values, first + offset, refuse)
            batch.clear()

        while True:
            number += 1
            text = _read_line(raw, limit, name, number, refuse)
            if not text:
                break
            if not text.strip():
                continue
            values = _parse_line(text, name, number, refuse)
            if not isinstance(values, list) or len(values) != len(checks):
                raise refuse(f"{name} line {number} has the wrong number of values")
            try:
                batch.append(tuple(check(v) for check, v in zip(checks, values, strict=True)))
            except ValueError as exc:
                raise refuse(f"{table.name} row {count + 1}: {exc}") from None
            count += 1
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
    return count


def _server_values(dialect: Any, cols: list[Column]) -> Callable[[tuple[Any, ...]], list[Any]]:
    """A function giving a checked row (SQLite's stored form) as a server's driver takes it: each
    value read into Python as the model reads it from a file store (the inverse of the form a
    server's export writes, exporters/tables.sqlite_form_rows), then bound by the column's type
    for ``dialect``, as the models write it."""
    from sqlalchemy.dialects import sqlite

    stored = sqlite.dialect()
    steps = [(c.type.dialect_impl(stored).result_processor(stored, None),
              c.type.dialect_impl(dialect).bind_processor(dialect)) for c in cols]

    def convert(values: tuple[Any, ...]) -> list[Any]:
        out = []
        for (read, bind), value in zip(steps, values, strict=True):
            if value is not None:
                value = value if read is None else read(value)
                value = value if bind is None else bind(value)
            out.append(value)
        return out

    return convert


def _checker(col: Column) -> Callable[[Any], Any]:
    """A function giving the value as SQLite should store it for ``col``, or raising
    ValueError with a short reason that starts with the column's name. Built once per column,
    applied to every row."""
    kind = col.type
    if isinstance(kind, TypeDecorator) and not isinstance(kind, StrEnumType):
        kind = kind.impl  # UTCDateTime stores a DateTime
    name, nullable = col.name, col.nullable
    binary = isinstance(kind, LargeBinary)

    def check(value: Any) -> Any:
        if value is None:
            if not nullable:
                raise _BadValue(f"{name} is required")
            return None
        if isinstance(value, dict) and "$base64" in value:
            if not binary:
                raise _BadValue(f"{name} holds binary data ($base64), but it is not a binary column")
            if set(value) != {"$base64"} or not isinstance(value["$base64"], str):
                raise _BadValue(f"{name} is not binary data")
            return base64.b64decode(value["$base64"], validate=True)
        return typed(value)

    if isinstance(kind, StrEnumType):
        allowed = frozenset(m.value for m in kind.enum_cls)

        def typed(value: Any) -> Any:
            if not isinstance(value, str) or value not in allowed:
                raise _BadValue(f"{name} '{_shown(value)}' is not one of {', '.join(sorted(allowed))}")
            return value
    elif isinstance(kind, Boolean):
        def typed(value: Any) -> Any:
            if type(value) not in (int, bool) or value not in (0, 1):
                raise _BadValue(f"{name} '{_shown(value)}' is not 0 or 1")
            return int(value)
    elif isinstance(kind, Integer):
        def typed(value: Any) -> Any:
            if type(value) is not int or abs(value) >= 2**63:
                raise _BadValue(f"{name} '{_shown(value)}' is not a whole number")
            return value
    elif isinstance(kind, Float):
        def typed(value: Any) -> Any:
            if type(value) not in (int, float) or not math.isfinite(value) or abs(value) >= 2**63:
                raise _BadValue(f"{name} '{_shown(value)}' is not a number")
            return value
    elif isinstance(kind, DateTime | Date):
        # The exact text form SQLAlchemy writes (and reads back) in SQLite.
        shape, parse, what = ((STORED_DATETIME, datetime.fromisoformat, "date and time")
                              if isinstance(kind, DateTime) else (STORED_DATE, date.fromisoformat, "date"))

        def typed(value: Any) -> Any:
            if not isinstance(value, str) or not shape.fullmatch(value):
                raise _BadValue(f"{name} '{_shown(value)}' is not a {what}")
            try:
                parse(value)
            except ValueError:
                raise _BadValue(f"{name} '{value}' is not a real {what}") from None
            return value
    elif isinstance(kind, String):
        limit = text_limit(col)
        sha = col.table.name == "attachment" and name == "sha256"

        def typed(value: Any) -> Any:
            if not isinstance(value, str):
                raise _BadValue(f"{name} is not text")
            if len(value) > limit:  # type: ignore[operator]
                raise _BadValue(f"{name} is too long ({len(value):,} characters; the limit is {limit:,})")
            if CONTROL_CHARACTERS.search(value):
                raise _BadValue(f"{name} contains control characters")
            if _SURROGATE.search(value):
                raise _BadValue(f"{name} is not valid text (a lone surrogate)")
            if sha and not HEX64.fullmatch(value):
                raise _BadValue(f"{name} '{_shown(value)}' is not a SHA-256 (64 lowercase hex digits)")
            return value
    else:
        def typed(value: Any) -> Any:
            raise _BadValue(f"{name} cannot be imported")
    return check


# -- the forms' validators -----------------------------------------------------------------------
Validate = Callable[[Any, tuple[Any, ...], int, Callable[[str], ImportRefused]], None]


def _validators() -> dict[str, Callable[[Any, Any], None]]:
    """The service validator of each table a form edits (imported late: services sit above)."""
    from kpo_desk.core.services import communications, engagements, parties, work

    return {"client": parties.validate_client, "contact": parties.validate_contact,
            "staff": parties.validate_staff, "engagement": engagements.validate_engagement,
            "assignment": work.validate_assignment, "milestone": work.validate_milestone,
            "timeentry": work.validate_time_entry, "risk": work.validate_risk,
            "communication": communications.validate_communication}


def _python_value(col: Column) -> Callable[[Any], Any]:
    """Stored value -> the Python value a form would hand its validator."""
    kind = col.type
    if isinstance(kind, UTCDateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v).replace(tzinfo=UTC)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else bool(v)
    return lambda v: v


def row_validator(table: Table, columns: list[str]) -> Validate | None:
    """A function running the table's service validator on one checked row, or None for a
    table no form edits. A refusal names the table, the row and the field."""
    rule = _validators().get(table.name)
    if rule is None:
        return None
    converters = [(c, _python_value(table.c[c])) for c in columns]
    absent = [c.name for c in table.columns if c.name not in columns]

    def validate(session: Any, values: tuple[Any, ...], number: int,
                 refuse: Callable[[str], ImportRefused]) -> None:
        record = SimpleNamespace(**{c: convert(v) for (c, convert), v in zip(converters, values, strict=True)},
                                 **dict.fromkeys(absent))
        try:
            with session.no_autoflush:
                rule(session, record)
        except ValidationError as exc:
            field = f", field {exc.field}" if exc.field else ""
            raise refuse(f"{table.name} row {number}{field}: {exc.message.rstrip('.')}") from None
        except (TypeError, ValueError, OverflowError) as exc:
            raise refuse(f"{table.name} row {number}: a value the form refuses ({_shown(exc)})") from None

    return validate
