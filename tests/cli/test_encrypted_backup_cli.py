"""kpo-desk backup / restore of an encrypted store, and a refused import json into a new
encrypted store, run as real subprocesses (issue 18): the backup holds no demo text; restoring
needs the passphrase (environment or --passphrase-file) or --recovery-key-file; refusals are
one line, exit 2, and leave the target's files unchanged."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest

from kpo_desk.core.crypto import convert, keys
from kpo_desk.core.lock import acquire_store_lock
from tests.commands import kpo as run
from tests.store_copies import copy_store

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "tiger lily"
#: The key file written here uses a cheap KDF so that each subprocess unlocks quickly (the
#: parameters travel in the key file, so the command uses them).
FAST = keys.ScryptParams(n=2**10)


def last_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.strip()][-1]


@pytest.fixture(scope="module")
def encrypted_demo(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> tuple[Path, str, str]:
    """The demo encrypted once: (its path, its recovery key, a client name that must not leak)."""
    with sqlite3.connect(demo_template) as con:
        client = con.execute("SELECT name FROM client ORDER BY id LIMIT 1").fetchone()[0]
    assert client.encode() in demo_template.read_bytes()
    folder = tmp_path_factory.mktemp("enc")
    db = copy_store(demo_template, folder / "demo.sqlite3")
    with acquire_store_lock(db):
        result = convert.encrypt_store(db, PASSPHRASE, kdf=FAST)
    return db, result.recovery_key, client


def files_of(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".lock"}


def test_backup_and_restore_of_an_encrypted_store(encrypted_demo: tuple[Path, str, str], tmp_path: Path) -> None:
    source, recovery, client = encrypted_demo
    data = tmp_path / "data"
    data.mkdir()
    db = copy_store(source, data / "demo.sqlite3")
    env = {"KPO_DESK_PASSPHRASE": PASSPHRASE}
    out = tmp_path / "b.zip"
    made = run("--db", str(db), "backup", "-o", str(out), env=env)
    assert made.returncode == 0, made.stderr
    with zipfile.ZipFile(out) as zf:
        assert "store.sqlite3.keys" in zf.namelist()
        assert all(client.encode() not in zf.read(n) for n in zf.namelist())

    before = files_of(data)
    for args, extra_env, says in (
            ([], {}, "is encrypted"),
            ([], {"KPO_DESK_PASSPHRASE": "tiger lilies"}, "that passphrase does not open it")):
        refused = run("--db", str(db), *args, "restore", str(out), env=extra_env)
        assert refused.returncode == 2, refused.stderr
        line = last_line(refused.stderr)
        assert says in line and "tiger" not in refused.stderr
        assert files_of(data) == before

    done = run("--db", str(db), "restore", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "The restored store is encrypted" in done.stdout
    check = run("--db", str(db), "check", env=env)
    assert check.returncode == 0 and check.stdout.strip() == "ok", check.stderr

    phrase_file = tmp_path / "phrase.txt"
    phrase_file.write_text(PASSPHRASE + "\n")
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(recovery + "\n")
    elsewhere = tmp_path / "elsewhere.sqlite3"
    by_key = run("--db", str(elsewhere), "restore", str(out), "--recovery-key-file", str(key_file))
    assert by_key.returncode == 0, by_key.stderr
    check = run("--db", str(elsewhere), "--passphrase-file", str(phrase_file), "check")
    assert check.returncode == 0 and check.stdout.strip() == "ok", check.stderr


def test_a_refused_import_into_a_new_encrypted_store_leaves_nothing(tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 64)
    db = tmp_path / "new.sqlite3"
    result = run("--db", str(db), "import", "json", str(blob), env={"KPO_DESK_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 2
    assert "not an export made by KPO Desk" in last_line(result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blob.bin"]  # no store, no .keys, no lock
