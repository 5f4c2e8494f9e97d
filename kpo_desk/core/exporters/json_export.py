"""``kpo-desk export json``: everything in the store, attachments included, as one .zip.

Layout (format ``kpo-desk-export`` version 1)::

    manifest.json              format, schema revision, time, row counts per table
    tables/<table>.jsonl       first line {"columns": [...]}, then one JSON array per row
    attachments/<sha256>       the attachment files the rows refer to, named by their SHA-256

JSON Lines keep memory flat on a million-row log, both when writing and reading. A zip,
not a folder, because it is one file to hand over. The zip is written beside the target
and renamed into place, so a failed export leaves nothing behind.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kpo_desk import __version__
from kpo_desk.core.backup import (
    ATTACHMENTS_PREFIX,
    Progress,
    attachment_files,
    disk_write_error,
    referenced_attachments,
    report_progress,
)
from kpo_desk.core.errors import StoreError
from kpo_desk.core.exporters import register
from kpo_desk.core.exporters.tables import data_tables, snapshot, sqlite_form_rows, table_rows
from kpo_desk.core.store import Store

FORMAT = "kpo-desk-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES_PREFIX = "tables/"


def encode_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    return value


@register("json")
def export_json(store: Store, path: Path, *, progress: Progress | None = None) -> Path:
    """Write the whole store and its attachments to ``path`` (a .zip, 0600)."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give a file name such as export.zip.")
    if not target.parent.is_dir():
        raise StoreError(f"The folder {target.parent} does not exist.")
    temp = target.with_name(f".{target.name}.partial-{os.getpid()}")
    tables = data_tables()
    counts: dict[str, int] = {}
    try:
        fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf, \
                    snapshot(store) as conn:
                for i, table in enumerate(tables):
                    report_progress(progress, 0.8 * i / len(tables), f"Exporting {table.name}")
                    with zf.open(f"{TABLES_PREFIX}{table.name}.jsonl", "w", force_zip64=True) as out:
                        header = {"columns": [c.name for c in table.columns]}
                        out.write(json.dumps(header).encode() + b"\n")
                        n = 0
                        rows = (sqlite_form_rows(conn, table) if getattr(store, "is_server", False)
                                else table_rows(conn, table))
                        for row in rows:
                            out.write(json.dumps([encode_value(v) for v in row], ensure_ascii=False,
                                                 separators=(",", ":")).encode("utf-8") + b"\n")
                            n += 1
                    counts[table.name] = n
                # The files this snapshot's rows refer to, no others: a stray file in the folder
                # is not part of the store.
                attachments, missing = attachment_files(store, referenced_attachments(conn))
                for i, (name, file) in enumerate(attachments, start=1):
                    report_progress(progress, 0.8 + 0.2 * i / len(attachments), "Exporting attachments")
                    # An encrypted store's files are ciphertext and a team server's attachments
                    # are rows: the export carries the plain bytes, read through the store.
                    if getattr(store, "encrypted", False) or file is None:
                        with store.attachments.open(name) as fh, \
                                zf.open(ATTACHMENTS_PREFIX + name, "w", force_zip64=True) as member:
                            shutil.copyfileobj(fh, member, 1024 * 1024)
                    else:
                        zf.write(file, ATTACHMENTS_PREFIX + name)
                manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": __version__,
                            "schema_revision": conn.exec_driver_sql(
                                "SELECT version_num FROM alembic_version").scalar(),
                            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                            "counts": counts, "attachments": len(attachments),
                            "missing_attachments": missing}
                zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
            raw.flush()  # after the zip's central directory is written
            os.fsync(raw.fileno())
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise disk_write_error(exc, target, what="the export") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target
