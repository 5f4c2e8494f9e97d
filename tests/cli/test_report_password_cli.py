"""``kpo-desk report CODE --password-file F`` (issue 18): the PDF is AES-256 protected with the
password from the file (never from the command line), the printed SHA-256 is the file's, and a
bad password file is refused with one line before anything is written."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from tests.cli.test_cli import one_line, run

PASSWORD = "harbour lights 42"


@pytest.fixture
def db(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store" / "demo.sqlite3"
    path.parent.mkdir()
    shutil.copy2(demo_template, path)
    return path


def _code(db: Path) -> str:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT code FROM engagement WHERE status='active' ORDER BY code").fetchone()[0]


def _records(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return [r[0] for r in con.execute("SELECT sha256 FROM reportrecord ORDER BY id")]


def test_report_with_a_password_file(db: Path, tmp_path: Path) -> None:
    code = _code(db)
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD + "\n")
    target = tmp_path / "out.pdf"
    result = run("--db", str(db), "report", code, "-o", str(target), "--password-file", str(secret))
    assert result.returncode == 0, result.stderr
    written = target.read_bytes()
    sha = hashlib.sha256(written).hexdigest()
    assert result.stdout.split() == [str(target), "sha256", sha]
    assert _records(db)[-1] == sha
    assert "send the password another way" in one_line(result.stderr) and PASSWORD not in result.stderr
    reader = PdfReader(io.BytesIO(written))
    assert reader.is_encrypted and reader.trailer["/Encrypt"]["/R"] == 6
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert code.encode() not in written
    assert reader.decrypt(PASSWORD) != 0
    assert code in reader.pages[0].extract_text()


@pytest.mark.parametrize("case, says", [
    ("missing", "cannot be read"),
    ("empty", "is empty"),
    ("short", "at least 8 characters"),
])
def test_a_bad_password_file_writes_nothing(db: Path, tmp_path: Path, case: str, says: str) -> None:
    secret = tmp_path / "password.txt"
    if case == "empty":
        secret.write_text("\n")
    elif case == "short":
        secret.write_text("Qz7!k\n")
    before = _records(db)
    result = run("--db", str(db), "report", _code(db), "-o", str(tmp_path / "out.pdf"),
                 "--password-file", str(secret))
    assert result.returncode == 2 and says in one_line(result.stderr)
    assert not (tmp_path / "out.pdf").exists() and _records(db) == before


def test_the_password_file_is_only_for_one_engagements_report(db: Path, tmp_path: Path) -> None:
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD + "\n")
    result = run("--db", str(db), "report", "--portfolio", "--password-file", str(secret))
    assert result.returncode == 2 and "--password-file apply to one engagement" in one_line(result.stderr)
