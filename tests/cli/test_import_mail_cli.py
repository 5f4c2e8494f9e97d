"""kpo-desk import-mail and kpo-desk export ics, run as the real command."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.cli.test_cli import one_line, run

MAIL = Path(__file__).parent.parent / "data" / "mail"


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "m.sqlite3"
    assert run("--db", str(path), "demo", "--engagements", "4", "--communications", "10").returncode == 0
    con = sqlite3.connect(path)
    code = con.execute("SELECT code FROM engagement ORDER BY id LIMIT 1").fetchone()[0]
    con.close()
    return path, code


def rows(path: Path) -> tuple[int, int]:
    con = sqlite3.connect(path)
    try:
        return (con.execute("SELECT count(*) FROM communication").fetchone()[0],
                con.execute("SELECT count(*) FROM attachment WHERE communication_id IS NOT NULL").fetchone()[0])
    finally:
        con.close()


def test_batch_with_a_broken_file_imports_the_rest_and_exits_2(db: tuple[Path, str]) -> None:
    path, code = db
    before = rows(path)
    files = [str(MAIL / n) for n in ("01-japanese-iso2022jp.eml", "06-broken.eml", "03-outbound-base64-attachments.eml")]
    result = run("--db", str(path), "import-mail", *files, "--engagement", code)
    assert result.returncode == 2
    assert "06-broken.eml" in one_line(result.stderr)
    assert "imported\t01-japanese-iso2022jp.eml\t先行技術調査の件" in result.stdout
    assert "imported\t03-outbound-base64-attachments.eml\tPrior-art report, first draft" in result.stdout
    assert rows(path) == (before[0] + 2, before[1] + 2)


def test_importing_again_changes_nothing_and_says_so(db: tuple[Path, str]) -> None:
    path, code = db
    files = [str(MAIL / "01-japanese-iso2022jp.eml"), str(MAIL / "batch.mbox")]
    run("--db", str(path), "import-mail", *files, "--engagement", code)
    after_first = rows(path)
    again = run("--db", str(path), "import-mail", *files, "--engagement", code.lower())
    assert again.returncode == 2  # message 4 of the mbox is broken, every time
    assert "already imported\t01-japanese-iso2022jp.eml" in again.stdout
    assert "0 messages imported, 4 already imported, so skipped" in again.stdout
    assert rows(path) == after_first


def test_clean_batch_exits_0(db: tuple[Path, str]) -> None:
    path, code = db
    result = run("--db", str(path), "import-mail", str(MAIL / "05-html-only.eml"), "--engagement", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 message imported."


def test_unknown_engagement_writes_nothing(db: tuple[Path, str]) -> None:
    path, _code = db
    before = rows(path)
    result = run("--db", str(path), "import-mail", str(MAIL / "01-japanese-iso2022jp.eml"), "--engagement", "NOPE-1")
    assert result.returncode == 2 and "no engagement with code NOPE-1" in one_line(result.stderr)
    assert rows(path) == before


def test_export_ics_parses_back(db: tuple[Path, str], tmp_path: Path) -> None:
    path, _code = db
    out = tmp_path / "calendar.ics"
    result = run("--db", str(path), "export", "ics", "-o", str(out))
    assert result.returncode == 0, result.stderr
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert events and all(str(e["uid"]).endswith("@kpo-desk") for e in events)
    bad = run("--db", str(path), "export", "ics", "-o", str(tmp_path / "no" / "x.ics"))
    assert bad.returncode == 2 and "does not exist" in one_line(bad.stderr)
    assert not (tmp_path / "no").exists()
