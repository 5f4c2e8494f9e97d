"""The real ``kpo-desk report`` command on copies of the demo store."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.test_cli import one_line, run


@pytest.fixture
def db(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store" / "demo.sqlite3"
    path.parent.mkdir()
    shutil.copy2(demo_template, path)
    return path


def _active_codes(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return [r[0] for r in con.execute("SELECT code FROM engagement WHERE status='active' ORDER BY code")]


def _record_count(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM reportrecord").fetchone()[0]


def test_one_report_is_written_and_recorded(db: Path, tmp_path: Path) -> None:
    code = _active_codes(db)[0]
    target = tmp_path / "out.pdf"
    before = _record_count(db)
    result = run("--db", str(db), "report", code, "--from", "2026-01-01", "--to", "2026-11-23",
                 "--summary", "Search <b>complete</b> & verified", "--recipient", "Dr. Sato",
                 "--language", "en", "-o", str(target))  # else the client's language (pt)
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Search <b>complete</b> & verified" in text and code in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert _record_count(db) == before + 1


@pytest.mark.parametrize("args, phrase", [
    (("--from", "2026-02-30"), "not a real date"),
    (("--from", "yesterday"), "YYYY-MM-DD"),
    (("--from", "2026-11-20", "--to", "2026-11-01"), "after"),
])
def test_impossible_dates_exit_2_and_write_nothing(db: Path, tmp_path: Path, args: tuple, phrase: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = _record_count(db)
    result = run("--db", str(db), "report", _active_codes(db)[0], *args, "-o", str(out / "r.pdf"))
    assert result.returncode == 2
    assert phrase in one_line(result.stderr)
    assert list(out.iterdir()) == [] and _record_count(db) == before


@pytest.mark.parametrize("args, phrase", [
    (("NO-SUCH-CODE",), "no engagement with code"),
    ((), "Give one of"),
    (("--all-active",), "needs -o DIR"),
])
def test_bad_requests_exit_2_with_one_line(db: Path, args: tuple, phrase: str) -> None:
    result = run("--db", str(db), "report", *args)
    assert result.returncode == 2
    assert phrase in one_line(result.stderr)


def test_all_active_writes_one_pdf_each_and_shows_progress(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    codes = _active_codes(db)
    result = run("--db", str(db), "report", "--all-active", "-o", str(out))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == len(codes)
    assert all(name.startswith(code) for name, code in zip(written, codes, strict=True))
    assert f"[1/{len(codes)}] {codes[0]}" in result.stderr
    assert f"{len(codes)} of {len(codes)} reports written" in result.stderr


def test_all_active_goes_on_past_a_failure_and_exits_2(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    codes = _active_codes(db)
    first = run("--db", str(db), "report", "--all-active", "-o", str(out))
    assert first.returncode == 0, first.stderr
    blocked = sorted(out.iterdir())[1]
    blocked.unlink()
    blocked.mkdir()  # a folder now sits where that report must go
    result = run("--db", str(db), "report", "--all-active", "-o", str(out))
    assert result.returncode == 2
    assert f"{codes[1]} failed" in result.stderr
    assert f"{len(codes) - 1} of {len(codes)} reports written" in result.stderr
    assert blocked.is_dir() and sum(p.is_file() for p in out.iterdir()) == len(codes) - 1


def test_portfolio_report(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "portfolio.pdf"
    result = run("--db", str(db), "report", "--portfolio", "-o", str(target))
    assert result.returncode == 0, result.stderr
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "INTERNAL PORTFOLIO REVIEW" in text
    for code in _active_codes(db):
        assert code in text


def test_a_missing_store_is_not_created(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "absent.sqlite3"), "report", "--portfolio",
                 "-o", str(tmp_path / "p.pdf"))
    assert result.returncode == 2
    assert "no store" in one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("mode", ["one", "portfolio"])
@pytest.mark.parametrize("where, phrase", [
    ("missing/report.pdf", "does not exist"),
    ("a-file.txt/report.pdf", "is a file, not a folder"),
    ("", "is a folder"),  # -o names the output folder itself
])
def test_an_unusable_output_path_exits_2_and_writes_nothing(db: Path, tmp_path: Path, mode: str,
                                                            where: str, phrase: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-file.txt").write_text("notes")
    before = _record_count(db)
    target = out / where if where else out
    args = (_active_codes(db)[0],) if mode == "one" else ("--portfolio",)
    result = run("--db", str(db), "report", *args, "-o", str(target))
    assert result.returncode == 2
    assert phrase in one_line(result.stderr)
    assert result.stdout == ""
    assert _files_under(out) == [out / "a-file.txt"] and _record_count(db) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_folder_exits_2_and_writes_nothing(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = run("--db", str(db), "report", _active_codes(db)[0], "-o", str(out / "r.pdf"))
    finally:
        out.chmod(0o700)
    assert result.returncode == 2
    assert "Cannot write in" in one_line(result.stderr)
    assert list(out.iterdir()) == []


def test_all_active_into_a_folder_that_cannot_be_made_exits_2(db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file.txt"
    blocker.write_text("notes")
    before = _record_count(db)
    result = run("--db", str(db), "report", "--all-active", "-o", str(blocker / "reports"))
    assert result.returncode == 2
    assert "Cannot create the folder" in one_line(result.stderr)
    assert blocker.read_text() == "notes" and _record_count(db) == before


def test_an_unknown_code_writes_nothing(db: Path, tmp_path: Path) -> None:
    before = _record_count(db)
    target = tmp_path / "r.pdf"
    result = run("--db", str(db), "report", "NO-SUCH-2026-001", "-o", str(target))
    assert result.returncode == 2
    said = one_line(result.stderr).removeprefix("kpo-desk: ")
    assert said == "There is no engagement with code 'NO-SUCH-2026-001'."
    assert not target.exists() and _record_count(db) == before


def test_the_code_may_be_typed_in_any_case(db: Path, tmp_path: Path) -> None:
    code = _active_codes(db)[0]
    target = tmp_path / "r.pdf"
    result = run("--db", str(db), "report", f"  {code.lower()} ", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert code in " ".join(p.extract_text() for p in PdfReader(target).pages)
