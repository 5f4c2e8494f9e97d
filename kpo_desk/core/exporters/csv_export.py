"""``kpo-desk export csv -o DIR``: one CSV file per table, safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
read by Excel or LibreOffice as a formula ("CSV injection", OWASP); such a cell gets a
leading apostrophe, so it shows as text and nothing runs. Numbers stay numbers. Files are
UTF-8 with a byte-order mark, which spreadsheets need to read Zürich and 東京 correctly.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table

from kpo_desk.core.backup import disk_write_error
from kpo_desk.core.errors import StoreError
from kpo_desk.core.exporters import register
from kpo_desk.core.exporters.tables import data_tables, snapshot, table_rows
from kpo_desk.core.store import Store

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, bytes):
        return value.hex()
    return value


@register("csv")
def export_csv(store: Store, path: Path) -> Path:
    """Write ``<table>.csv`` for every table into the folder ``path`` (created if missing).

    Refuses to overwrite existing CSV files; writes into a scratch folder first, so a
    failure leaves the target folder as it was.
    """
    folder = Path(path).expanduser()
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} is a file; the CSV export needs a folder.")
    tables = data_tables()
    clashes = [f"{t.name}.csv" for t in tables if (folder / f"{t.name}.csv").exists()]
    if clashes:
        raise StoreError(f"{folder} already holds {clashes[0]}; choose an empty folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        work = Path(tempfile.mkdtemp(prefix=".kpo-desk-csv-", dir=folder))
    except OSError as exc:
        raise disk_write_error(exc, folder, what="the CSV export") from None
    try:
        with snapshot(store) as conn:
            _write_tables(conn, tables, work)
        for table in tables:
            os.replace(work / f"{table.name}.csv", folder / f"{table.name}.csv")
    except OSError as exc:
        raise disk_write_error(exc, folder, what="the CSV export") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder


def _write_tables(conn: Connection, tables: list[Table], work: Path) -> None:
    for table in tables:
        fd = os.open(work / f"{table.name}.csv", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([c.name for c in table.columns])
            for row in table_rows(conn, table):
                writer.writerow([neutralise(v) for v in row])
