"""kpo-desk search, run as the real command on a demo store with real mail imported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import one_line, run

MAIL = Path(__file__).parent.parent / "data" / "mail"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "s.sqlite3"
    assert run("--db", str(path), "demo", "--engagements", "12", "--communications", "60").returncode == 0
    con = sqlite3.connect(path)
    code = con.execute("SELECT code FROM engagement ORDER BY id LIMIT 1").fetchone()[0]
    con.close()
    result = run("--db", str(path), "import-mail", str(MAIL / "02-german-umlaut-qp.eml"),
                 str(MAIL / "03-outbound-base64-attachments.eml"), "--engagement", code)
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("query", ["zurich", "Zürich", "züri", "ZURI"])
def test_finds_a_body_word_by_prefix_with_or_without_accents(db: Path, query: str) -> None:
    result = run("--db", str(db), "search", query)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    hit = [line for line in lines if "Grüße aus [Zürich]" in line]
    assert len(hit) == 1
    kind, label, snippet = hit[0].split("\t")
    assert kind == "communication" and label.count("-") == 2


def test_senor_finds_senor(db: Path) -> None:
    lines = run("--db", str(db), "search", "senor").stdout.splitlines()
    assert any("Dear [Señor] Álvarez" in line for line in lines)


def test_limit_and_one_hit_a_line(db: Path) -> None:
    result = run("--db", str(db), "search", "--limit", "3", "a")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert 1 <= len(lines) <= 3
    assert all(len(line.split("\t")) == 3 for line in lines)


@pytest.mark.parametrize("query", ['"(', "OR", "*", "NEAR(x", "-"])
def test_hostile_text_is_not_an_error(db: Path, query: str) -> None:
    result = run("--db", str(db), "search", query)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_no_match_says_so_on_stderr_only(db: Path) -> None:
    result = run("--db", str(db), "search", "xylophonequartet")
    assert result.returncode == 0 and result.stdout == ""
    assert one_line(result.stderr) == "No matches."


def test_missing_store_is_not_created(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "absent.sqlite3"), "search", "x")
    assert result.returncode == 2 and "no store" in one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []
