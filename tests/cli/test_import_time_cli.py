"""``kpo-desk import-time`` on real stores, as a subprocess."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kpo_desk.core.store import Store
from tests.commands import kpo as run


def _store(tmp_path: Path) -> Path:
    db = tmp_path / "desk.sqlite3"
    assert run("--db", str(db), "demo", "--engagements", "3", "--communications", "5").returncode == 0
    return db


def _code_and_staff(db: Path) -> tuple[str, str]:
    with Store.open(db) as s, s.engine.connect() as conn:
        code = conn.exec_driver_sql("SELECT code FROM engagement ORDER BY id LIMIT 1").scalar()
        staff = conn.exec_driver_sql("SELECT email FROM staff WHERE active = 1 ORDER BY id LIMIT 1").scalar()
    return code, staff


def _time_entries(db: Path) -> int:
    with Store.open(db) as s:
        return s.table_counts()["timeentry"]


def test_import_good_file(tmp_path: Path) -> None:
    db = _store(tmp_path)
    code, staff = _code_and_staff(db)
    before = _time_entries(db)
    csv = tmp_path / "week.csv"
    csv.write_text(f"engagement,staff,date,hours,billable,note\n{code},{staff},2026-06-08,7.5,yes,Search\n"
                   f"{code},{staff},2026-06-09,2,no,Admin\n", encoding="utf-8")
    result = run("--db", str(db), "import-time", str(csv))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Imported 2 time entries from {csv}."
    assert _time_entries(db) == before + 2


def test_bad_rows_exit_2_and_write_nothing(tmp_path: Path) -> None:
    db = _store(tmp_path)
    code, staff = _code_and_staff(db)
    csv = tmp_path / "week.csv"
    csv.write_text(f"engagement,staff,date,hours\n{code},{staff},2026-06-08,7.5\n"
                   f"{code},{staff},2026-13-01,2\nNOPE-1,{staff},2026-06-08,1\n", encoding="utf-8")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run("--db", str(db), "import-time", str(csv))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "2 rows of week.csv have errors, so nothing was imported" in lines[0]
    assert result.stdout.splitlines() == [
        "row 3, date: Date '2026-13-01' is not a real date.",
        "row 4, engagement: There is no engagement with code NOPE-1."]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before

    skipped = run("--db", str(db), "import-time", str(csv), "--skip-bad-rows")
    assert skipped.returncode == 0, skipped.stderr
    assert skipped.stdout.splitlines()[:2] == [f"Imported 1 time entry from {csv}.", "Skipped 2 bad rows:"]


def test_binary_file_is_refused_in_one_line(tmp_path: Path) -> None:
    db = _store(tmp_path)
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    result = run("--db", str(db), "import-time", str(picture))
    assert result.returncode == 2
    assert result.stderr.strip() == "kpo-desk: photo.csv is a binary file, not a CSV text file."
