"""The real ``kpo-desk`` command, run as a subprocess on temporary stores."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

from kpo_desk import __version__
from tests.commands import kpo as run


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"kpo-desk {__version__}"


def test_demo_then_check(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    result = run("--db", str(db), "demo", "--seed", "4")
    assert result.returncode == 0, result.stderr
    assert "engagements" in result.stdout
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    check = run("--db", str(db), "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout == "ok\n"


def test_store_from_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite3"
    assert run("demo", "--engagements", "3", "--communications", "5", env={"KPO_DESK_DB": str(db)}).returncode == 0
    assert run("--db", str(db), "check").stdout == "ok\n"


def test_check_refuses_a_text_file_and_leaves_it_alone(tmp_path: Path) -> None:
    letter = tmp_path / "notes.txt"
    letter.write_text("Meeting notes: call Dr. Sato on Friday.\n")
    before = hashlib.sha256(letter.read_bytes()).hexdigest()
    result = run("--db", str(letter), "check")
    assert result.returncode == 2
    assert "not a KPO Desk store" in one_line(result.stderr)
    assert result.stdout == ""
    assert hashlib.sha256(letter.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_check_on_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "absent.sqlite3"), "check")
    assert result.returncode == 2
    assert "no store" in one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, phrase", [
    (("demo", "--engagements", "many"), "not a whole number"),
    (("demo", "--engagements", "0"), "between 1 and"),
    (("frobnicate",), "invalid choice"),
])
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, args: tuple, phrase: str) -> None:
    db = tmp_path / "s.sqlite3"
    result = run("--db", str(db), *args)
    assert result.returncode == 2
    assert phrase in one_line(result.stderr)


def test_demo_refuses_a_store_with_data(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    assert run("--db", str(db), "demo", "--engagements", "4", "--communications", "10").returncode == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run("--db", str(db), "demo")
    assert result.returncode == 2
    assert "already holds data" in one_line(result.stderr)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
