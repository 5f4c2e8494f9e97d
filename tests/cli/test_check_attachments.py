"""``kpo-desk check`` compares evidence files with their hashes and flags what changed."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tests.cli.test_cli import one_line, run


def _demo(tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "firm.sqlite3"
    result = run("--db", str(db), "demo", "--engagements", "12", "--communications", "20", "--seed", "2")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "firm-attachments"
    assert folder.is_dir()
    return db, folder


def test_check_passes_then_flags_changed_and_missing_evidence(tmp_path: Path) -> None:
    db, folder = _demo(tmp_path)
    assert run("--db", str(db), "check").stdout == "ok\n"
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, sha256, original_name FROM attachment ORDER BY id LIMIT 2").fetchall()
    con.close()
    (changed_id, changed_sha, changed_name), (gone_id, gone_sha, gone_name) = rows
    with (folder / changed_sha).open("ab") as fh:
        fh.write(b"\nAmended after signing.\n")
    (folder / gone_sha).unlink()
    result = run("--db", str(db), "check")
    assert result.returncode == 2
    assert f"attachment {changed_id} '{changed_name}' has changed" in result.stdout
    assert f"attachment {gone_id} '{gone_name}' is missing" in result.stdout
    message = one_line(result.stderr)
    assert "failed its integrity check (2 problems" in message


def test_check_flags_evidence_readable_by_others(tmp_path: Path) -> None:
    db, folder = _demo(tmp_path)
    victim = sorted(folder.iterdir())[0]
    os.chmod(victim, 0o644)
    result = run("--db", str(db), "check")
    assert result.returncode == 2
    assert "readable by other users" in result.stdout


def test_check_flags_a_broken_template(tmp_path: Path) -> None:
    db, _folder = _demo(tmp_path)
    resources = tmp_path / "resources" / "checklists"
    resources.mkdir(parents=True)
    source = Path(__file__).resolve().parents[2] / "resources" / "checklists"
    for f in source.glob("*.toml"):
        (resources / f.name).write_text(f.read_text())
    (resources / "other.toml").write_text('name = "Other"\n[[item]]\nkey = "x"\n')
    result = run("--db", str(db), "check", env={"KPO_DESK_RESOURCES": str(resources.parent)})
    assert result.returncode == 2
    assert "other.toml, line 2: item 1: the item needs a 'category'" in result.stdout
