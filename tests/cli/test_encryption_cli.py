"""The command line of encryption at rest, run as a person runs it (a subprocess): the passphrase
from $KPO_DESK_PASSPHRASE or --passphrase-file, a new store made encrypted, encrypt, passphrase,
recover, decrypt, the export warning, refusals (exit 2, one line, nothing written), and kill -9
during ``kpo-desk encrypt`` at seeded random moments always leaving one intact store."""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kpo_desk.core.attachments import attachments_folder
from kpo_desk.core.crypto import convert, keys
from tests.commands import kpo as run

ROOT = Path(__file__).resolve().parents[2]
KPO = [sys.executable, "-m", "kpo_desk"]
RECOVERY = re.compile(r"\b([0-9A-Z]{5}(?:-[0-9A-Z]{5}){11})\b")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def copy_demo(template: Path, target: Path) -> Path:
    shutil.copy2(template, target)
    if attachments_folder(template).exists():
        shutil.copytree(attachments_folder(template), attachments_folder(target))
    return target


def client_names(db: Path, env: dict[str, str] | None = None) -> set[str]:
    out = run("--db", str(db), "search", "a", "--limit", "1000", env=env)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.splitlines())


@pytest.fixture(scope="module")
def encrypted_demo(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> tuple[Path, str]:
    """The demo, encrypted with ``kpo-desk encrypt`` (passphrase from the environment)."""
    folder = tmp_path_factory.mktemp("enc")
    db = copy_demo(demo_template, folder / "demo.sqlite3")
    result = run("--db", str(db), "encrypt", env={"KPO_DESK_PASSPHRASE": "tiger lily"})
    assert result.returncode == 0, result.stderr
    recovery = RECOVERY.search(result.stdout)
    assert recovery, result.stdout
    assert "SSD" in result.stderr
    return db, recovery.group(1)


def fresh_copy(encrypted_demo: tuple[Path, str], tmp_path: Path) -> Path:
    db = encrypted_demo[0]
    target = tmp_path / db.name
    shutil.copy2(db, target)
    shutil.copy2(keys.key_file_path(db), keys.key_file_path(target))
    shutil.copytree(attachments_folder(db), attachments_folder(target))
    return target


def test_encrypt_then_every_command_needs_the_passphrase(encrypted_demo: tuple[Path, str],
                                                         tmp_path: Path, demo_template: Path) -> None:
    db = fresh_copy(encrypted_demo, tmp_path)
    assert not db.read_bytes().startswith(b"SQLite format 3")
    ok = run("--db", str(db), "check", env={"KPO_DESK_PASSPHRASE": "tiger lily"})
    assert ok.returncode == 0 and ok.stdout.strip() == "ok", ok.stderr
    phrase_file = tmp_path / "phrase.txt"
    phrase_file.write_text("tiger lily\n")
    assert run("--db", str(db), "--passphrase-file", str(phrase_file), "check").returncode == 0
    plain = copy_demo(demo_template, tmp_path / "plain.sqlite3")
    assert client_names(db, {"KPO_DESK_PASSPHRASE": "tiger lily"}) == client_names(plain)


@pytest.mark.parametrize("case", ["none", "wrong", "empty file", "missing file", "key file missing",
                                  "key file damaged"])
def test_refusals_are_one_line_exit_2_and_change_nothing(encrypted_demo: tuple[Path, str],
                                                         tmp_path: Path, case: str) -> None:
    db = fresh_copy(encrypted_demo, tmp_path)
    args, env = ["--db", str(db)], {}
    if case == "wrong":
        env = {"KPO_DESK_PASSPHRASE": "tiger lilies"}
    elif case == "empty file":
        (tmp_path / "p").write_text("\n")
        args += ["--passphrase-file", str(tmp_path / "p")]
    elif case == "missing file":
        args += ["--passphrase-file", str(tmp_path / "nope")]
    elif case == "key file missing":
        keys.key_file_path(db).unlink()
        env = {"KPO_DESK_PASSPHRASE": "tiger lily"}
    elif case == "key file damaged":
        keys.key_file_path(db).write_text("{\"format\": \"kpo-desk-keys\", \"version\": 1}")
        env = {"KPO_DESK_PASSPHRASE": "tiger lily"}
    def files() -> dict[str, str]:  # the empty lock file a writer takes is not part of the store
        return {p.name: digest(p) for p in tmp_path.iterdir() if p.is_file() and p.suffix != ".lock"}

    before = files()
    for command in (["check"], ["demo"], ["export", "json", "-o", str(tmp_path / "out.zip")]):
        result = run(*args, *command, env=env)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and "tiger" not in result.stderr
        assert one_line(result.stderr.replace("kpo-desk: warning:", "", 1).split("\n", 1)[-1]
                        if "warning" in result.stderr else result.stderr)
    assert not (tmp_path / "out.zip").exists()
    assert files() == before


def test_a_new_store_made_with_a_passphrase_is_encrypted(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    result = run("--db", str(db), "demo", "--engagements", "2", "--communications", "3",
                 env={"KPO_DESK_PASSPHRASE": "orchid"})
    assert result.returncode == 0, result.stderr
    assert RECOVERY.search(result.stderr), "the recovery key of a new store is shown once"
    assert keys.key_file_path(db).is_file() and not db.read_bytes().startswith(b"SQLite format 3")
    assert run("--db", str(db), "check").returncode == 2
    assert run("--db", str(db), "check", env={"KPO_DESK_PASSPHRASE": "orchid"}).returncode == 0


def test_export_of_an_encrypted_store_warns_once(encrypted_demo: tuple[Path, str], tmp_path: Path) -> None:
    db = fresh_copy(encrypted_demo, tmp_path)
    for fmt, name in (("csv", "out-csv"), ("ics", "out.ics"), ("json", "out.zip")):
        result = run("--db", str(db), "export", fmt, "-o", str(tmp_path / name),
                     env={"KPO_DESK_PASSPHRASE": "tiger lily"})
        assert result.returncode == 0, result.stderr
        assert "warning" in one_line(result.stderr) and "not" in result.stderr


def test_passphrase_change_keeps_the_database_bytes(encrypted_demo: tuple[Path, str], tmp_path: Path) -> None:
    db = fresh_copy(encrypted_demo, tmp_path)
    before = digest(db)
    result = run("--db", str(db), "passphrase",
                 env={"KPO_DESK_PASSPHRASE": "tiger lily", "KPO_DESK_NEW_PASSPHRASE": "sea urchin"})
    assert result.returncode == 0, result.stderr
    assert digest(db) == before
    assert run("--db", str(db), "check", env={"KPO_DESK_PASSPHRASE": "tiger lily"}).returncode == 2
    assert run("--db", str(db), "check", env={"KPO_DESK_PASSPHRASE": "sea urchin"}).returncode == 0
    no_new = run("--db", str(db), "passphrase", env={"KPO_DESK_PASSPHRASE": "sea urchin"})
    assert no_new.returncode == 2 and "KPO_DESK_NEW_PASSPHRASE" in one_line(no_new.stderr)


def test_recover_sets_a_new_passphrase(encrypted_demo: tuple[Path, str], tmp_path: Path) -> None:
    db, recovery = fresh_copy(encrypted_demo, tmp_path), encrypted_demo[1]
    before = digest(db)
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(recovery.lower() + "\n")
    result = run("--db", str(db), "recover", "--recovery-key-file", str(key_file),
                 env={"KPO_DESK_NEW_PASSPHRASE": "new moon"})
    assert result.returncode == 0, result.stderr
    assert digest(db) == before
    assert run("--db", str(db), "check", env={"KPO_DESK_PASSPHRASE": "new moon"}).returncode == 0
    key_file.write_text(recovery[:-1] + ("0" if recovery[-1] != "0" else "1") + "\n")
    typo = run("--db", str(db), "recover", "--recovery-key-file", str(key_file),
               env={"KPO_DESK_NEW_PASSPHRASE": "other"})
    assert typo.returncode == 2 and "typing mistake" in one_line(typo.stderr)


def test_decrypt_writes_a_plain_copy_with_a_warning(encrypted_demo: tuple[Path, str], tmp_path: Path) -> None:
    db = fresh_copy(encrypted_demo, tmp_path)
    out = tmp_path / "plain-copy.sqlite3"
    result = run("--db", str(db), "decrypt", "-o", str(out), env={"KPO_DESK_PASSPHRASE": "tiger lily"})
    assert result.returncode == 0, result.stderr
    assert "warning" in one_line(result.stderr) and "unencrypted" in result.stderr
    assert out.read_bytes().startswith(b"SQLite format 3")
    assert run("--db", str(out), "check").returncode == 0
    assert client_names(out) == client_names(db, {"KPO_DESK_PASSPHRASE": "tiger lily"})


# -- kill -9 during kpo-desk encrypt -------------------------------------------------------------

def _state_is_intact(db: Path) -> None:
    """Right after the kill, before anything settles it: the plain store or the verified
    encrypted copy exists whole somewhere (at its place or in the work folder)."""
    work = convert.work_dir(db)
    candidates = [db, work / "plain" / "store"]
    plain_ok = any(p.is_file() and p.read_bytes().startswith(b"SQLite format 3")
                   and sqlite3.connect(p).execute("PRAGMA integrity_check").fetchone() == ("ok",)
                   for p in candidates)
    encrypted_ready = (work / "READY").is_file() or (keys.key_file_path(db).is_file() and not work.exists())
    assert plain_ok or encrypted_ready


def test_kill_9_during_encrypt_always_leaves_one_intact_store(demo_template: Path, tmp_path: Path) -> None:
    rng = random.Random(20261202)
    source = tmp_path / "source"
    source.mkdir()
    template = copy_demo(demo_template, source / "demo.sqlite3")
    plain_names = client_names(template)
    # how long a whole run takes here, to spread the kills over it
    probe = copy_demo(template, tmp_path / "probe.sqlite3")
    start = time.monotonic()
    assert run("--db", str(probe), "encrypt", env={"KPO_DESK_PASSPHRASE": "p"}).returncode == 0
    duration = time.monotonic() - start
    outcomes = []
    for i in range(20):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        db = copy_demo(template, folder / "demo.sqlite3")
        env = {k: v for k, v in os.environ.items() if not k.startswith("KPO_DESK_")}
        env["KPO_DESK_PASSPHRASE"] = "p"
        child = subprocess.Popen([*KPO, "--db", str(db), "encrypt"], env=env, cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # most of a run is start-up and key derivation; the later part (copy, verify, swap,
        # overwrite) is where the kills matter, so they fall from 40 % of a run to its end
        # (each stage of the swap is also killed on purpose in tests/core/test_encryption_at_rest.py)
        time.sleep(rng.uniform(duration * 0.4, duration * 1.05))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        _state_is_intact(db)
        # the next open settles it: the same data, plain or encrypted, and no work folder left
        names = client_names(db, {"KPO_DESK_PASSPHRASE": "p"})
        assert names == plain_names, i
        assert not convert.work_dir(db).exists()
        encrypted = keys.key_file_path(db).exists()
        outcomes.append(encrypted)
        if encrypted:
            assert not db.read_bytes().startswith(b"SQLite format 3")
            assert not any(p.name.endswith("-wal") and p.stat().st_size for p in folder.iterdir())
        assert run("--db", str(db), "check", env={"KPO_DESK_PASSPHRASE": "p"}).returncode == 0
    print(f"kills: {outcomes.count(False)} left plain, {outcomes.count(True)} encrypted")
