"""kpo-desk backup / restore / import json, run as real subprocesses on temporary stores."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kpo_desk.core.migrations import SEARCH_INDEX_PREFIX, STORE_ONLY_TABLES
from tests.cli.test_cli import one_line, run


def table_rows(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        tables = [name for (name,) in con.execute(  # the records: not the store's own tables, nor indexes
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            if not name.startswith(SEARCH_INDEX_PREFIX) and name not in STORE_ONLY_TABLES | {"alembic_version"}]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.sqlite3"
    result = run("--db", str(db), "demo", "--engagements", "6", "--seed", "5")
    assert result.returncode == 0, result.stderr
    return db


def test_backup_then_restore(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    assert run("--db", str(db), "restore", str(_backup(demo_db, tmp_path / "seed.zip"))).returncode == 0
    before = table_rows(db)
    out = _backup(db, tmp_path / "b.zip")
    con = sqlite3.connect(db)
    con.execute("DELETE FROM communicationcontact")
    con.commit()
    con.close()
    result = run("--db", str(db), "restore", str(out))
    assert result.returncode == 0, result.stderr
    assert "the previous store is kept as" in result.stdout
    assert table_rows(db) == before
    assert run("--db", str(db), "check").stdout.strip() == "ok"
    aside = list(tmp_path.glob("s-before-restore-*.sqlite3"))
    assert len(aside) == 1 and table_rows(aside[0])["communicationcontact"] == []


def _backup(db: Path, out: Path) -> Path:
    result = run("--db", str(db), "backup", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "verified" in result.stdout and out.exists()
    return out


def test_restore_of_a_non_backup_is_refused(demo_db: Path, tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear client, not a backup.")
    db = tmp_path / "s.sqlite3"
    result = run("--db", str(db), "restore", str(letter))
    assert result.returncode == 2
    assert "is not a KPO Desk backup" in one_line(result.stderr)
    assert not db.exists()


def test_restore_refuses_while_the_store_is_open(demo_db: Path, tmp_path: Path) -> None:
    out = _backup(demo_db, tmp_path / "b.zip")
    db = tmp_path / "s.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom kpo_desk.core.lock import acquire_store_lock\n"
         "l = acquire_store_lock(sys.argv[1]); print('held', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run("--db", str(db), "restore", str(out))
        assert result.returncode == 2
        assert f"Another KPO Desk has this store open (pid {holder.pid} since" in one_line(result.stderr)
        assert not db.exists()
    finally:
        holder.kill()
        holder.wait()


def test_backup_of_a_missing_store_is_refused(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "absent.sqlite3"), "backup", "-o", str(tmp_path / "b.zip"))
    assert result.returncode == 2
    assert "There is no store" in one_line(result.stderr)
    assert not (tmp_path / "b.zip").exists()


def test_export_json_then_import_json_gives_the_same_store(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.zip"
    exported = run("--db", str(demo_db), "export", "json", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    db = tmp_path / "copy.sqlite3"
    result = run("--db", str(db), "import", "json", str(out))
    assert result.returncode == 0, result.stderr
    assert table_rows(db) == table_rows(demo_db)
    assert run("--db", str(db), "check").stdout.strip() == "ok"
    again = run("--db", str(db), "import", "json", str(out))
    assert again.returncode == 2 and "already holds data" in one_line(again.stderr)


def test_export_csv_writes_one_file_per_table(demo_db: Path, tmp_path: Path) -> None:
    result = run("--db", str(demo_db), "export", "csv", "-o", str(tmp_path / "csv"))
    assert result.returncode == 0, result.stderr
    files = {p.name for p in (tmp_path / "csv").iterdir()}
    assert {f"{t}.csv" for t in table_rows(demo_db)} == files


def test_import_of_a_binary_file_writes_nothing(tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 64)
    db = tmp_path / "new.sqlite3"
    result = run("--db", str(db), "import", "json", str(blob))
    assert result.returncode == 2
    assert "not an export made by KPO Desk" in one_line(result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blob.bin"]


def test_import_format_must_be_json(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "x.sqlite3"), "import", "xml", "f")
    assert result.returncode == 2 and "invalid choice" in one_line(result.stderr)
