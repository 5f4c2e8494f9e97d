"""Encryption at rest wired into the store: a new store made with a passphrase is encrypted, a
plain store is encrypted in place (verified copy, atomic swap, plain files overwritten), no demo
text is left readable in any file, refusals change nothing, the recovery key sets a new
passphrase, changing the passphrase leaves the database bytes alone, and an encryption stopped at
any stage is finished or undone at the next open."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from kpo_desk.core.attachments import attachments_folder
from kpo_desk.core.checklists.evidence import evidence_copy_for_viewing
from kpo_desk.core.crypto import convert, keys
from kpo_desk.core.crypto.errors import (
    KeyFileDamagedError,
    KeyFileForeignError,
    KeyFileTooNewError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.lock import acquire_store_lock
from kpo_desk.core.services import parties
from kpo_desk.core.store import PassphraseRequiredError, Store
from tests.store_copies import copy_store, demo_secrets, leaks

FAST = keys.ScryptParams(n=2**10)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "DEFAULT_SCRYPT", FAST)


@pytest.fixture
def secrets_of_demo(demo_template: Path) -> dict[str, str]:
    """A client name, an evidence file's text and a mail subject, and proof the plain files show them."""
    return demo_secrets(demo_template)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def encrypt(path: Path, passphrase: str = "correct horse", **kw) -> convert.EncryptResult:
    with acquire_store_lock(path):
        return convert.encrypt_store(path, passphrase, **kw)


# -- a new store ---------------------------------------------------------------------------------

def test_a_new_store_made_with_a_passphrase_is_encrypted_and_its_attachments_too(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path, passphrase="pw") as s:
        assert s.encrypted and s.new_recovery_key and keys.parse_recovery_key(s.new_recovery_key)
        parties.create_client(s, name="Zebulon Quartzite AG", timezone="Europe/Zurich")
        stored = s.attachments.put_bytes(b"Zebulon merger memo", name="memo.txt")
        assert s.attachments.problem(stored.sha256, stored.size) is None
        # the file's name is a keyed hash, not the SHA-256 that would let anyone confirm its content
        assert not (attachments_folder(path) / stored.sha256).exists()
    assert keys.key_file_path(path).is_file()
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert leaks(tmp_path, {"name": "Zebulon"}) == []
    with Store.open(path, passphrase="pw") as s:
        assert [c.name for c in parties.list_clients(s)] == ["Zebulon Quartzite AG"]
        with s.attachments.open(stored.sha256) as fh:
            assert fh.read() == b"Zebulon merger memo"
    with Store.open(path, passphrase="pw", read_only=True) as s:
        assert [c.name for c in parties.list_clients(s)] == ["Zebulon Quartzite AG"]


def test_a_new_store_without_a_passphrase_stays_plain(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as s:
        assert not s.encrypted and s.new_recovery_key is None
    assert (tmp_path / "s.sqlite3").read_bytes().startswith(b"SQLite format 3")
    assert not keys.key_file_path(tmp_path / "s.sqlite3").exists()


# -- encrypting a plain store --------------------------------------------------------------------

def test_no_plaintext_anywhere_after_encrypting_the_demo(demo_template: Path, tmp_path: Path,
                                                         secrets_of_demo: dict[str, str]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = copy_store(demo_template, folder / "demo.sqlite3")
    with Store.open(path) as plain:
        counts = plain.table_counts()
    result = encrypt(path)
    assert keys.parse_recovery_key(result.recovery_key)
    assert sorted(p.name for p in folder.iterdir()) == ["demo-attachments", "demo.sqlite3",
                                                       "demo.sqlite3.keys", "demo.sqlite3.lock"]
    with Store.open(path, passphrase="correct horse") as s:
        assert s.encrypted and s.table_counts() == counts
        assert s.integrity_problems() == []
        from kpo_desk.core.checklists import attachment_problems

        assert attachment_problems(s) == []
        # while it is open and written to, the WAL is there too, and is encrypted as well (a
        # second connection kept open stops the last close from folding the WAL back in)
        with s.engine.connect() as reader:
            reader.exec_driver_sql("SELECT count(*) FROM client").scalar()
            parties.create_client(s, name=f"{secrets_of_demo['client']} Holding", timezone="UTC")
            assert Path(str(path) + "-wal").stat().st_size > 0
            assert leaks(folder, secrets_of_demo) == []
        s.copy_to(folder / "snapshot.sqlite3")  # what a backup copies
        sha = next(iter(s.attachments.files()))  # an encrypted evidence file's on-disk name
        assert sha
    assert leaks(folder, secrets_of_demo) == []
    from kpo_desk.core.store import head_revision, verify_store_file

    assert verify_store_file(folder / "snapshot.sqlite3") == head_revision()


def test_viewing_evidence_of_an_encrypted_store_decrypts_to_a_private_folder(
        demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpo_desk.core.crypto import files

    temp_root = tmp_path / "private"
    monkeypatch.setattr(files, "private_temp_root", lambda: temp_root)
    path = copy_store(demo_template, tmp_path / "demo.sqlite3")
    encrypt(path)
    with Store.open(path, passphrase="correct horse") as s:
        with s.read() as session:
            aid, sha = session.connection().exec_driver_sql(
                "SELECT id, sha256 FROM attachment WHERE checklist_item_id IS NOT NULL LIMIT 1").first()
        copy = evidence_copy_for_viewing(s, aid)
    assert copy.is_relative_to(temp_root) and (copy.stat().st_mode & 0o777) == 0o600
    assert (temp_root.stat().st_mode & 0o777) == 0o700
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == sha
    assert files.clean_private_temp(temp_root) == 1 and not copy.exists()


def test_encrypting_refuses_an_encrypted_store_and_an_empty_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    before = digest(path)
    with pytest.raises(KpoDeskError, match="Type a passphrase"):
        encrypt(path, "")
    assert digest(path) == before and not convert.work_dir(path).exists()
    encrypt(path)
    with pytest.raises(KpoDeskError):
        encrypt(path)


# -- refusals change nothing -----------------------------------------------------------------------

@pytest.fixture
def encrypted_store(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite3"
    with Store.open(path, passphrase="pw") as s:
        parties.create_client(s, name="Zebulon Quartzite AG", timezone="Europe/Zurich")
    return path


def _other_key_file(tmp_path: Path) -> bytes:
    other = tmp_path / "other" / "o.sqlite3"
    Store.open(other, passphrase="pw").close()
    return keys.key_file_path(other).read_bytes()


@pytest.mark.parametrize("case, error, phrase", [
    ("no passphrase", PassphraseRequiredError, "is encrypted; its passphrase is needed"),
    ("wrong passphrase", WrongPassphraseError, "does not open this store"),
    ("key file missing", KpoDeskError, "key file s.sqlite3.keys is missing"),
    ("key file truncated", KeyFileDamagedError, "damaged"),
    ("key file foreign", KeyFileForeignError, "is not a KPO Desk key file"),
    ("key file of another store", KpoDeskError, "does not open with its key"),
    ("key file from a newer version", KeyFileTooNewError, "newer version"),
])
def test_a_refused_open_changes_nothing(encrypted_store: Path, tmp_path: Path, case: str,
                                        error: type, phrase: str) -> None:
    path, key_file = encrypted_store, keys.key_file_path(encrypted_store)
    passphrase: str | None = "pw"
    if case == "no passphrase":
        passphrase = None
    elif case == "wrong passphrase":
        passphrase = "not it"
    elif case == "key file missing":
        key_file.unlink()
    elif case == "key file truncated":
        key_file.write_bytes(key_file.read_bytes()[:100])
    elif case == "key file foreign":
        key_file.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    elif case == "key file of another store":
        key_file.write_bytes(_other_key_file(tmp_path))
    elif case == "key file from a newer version":
        key_file.write_text(key_file.read_text().replace('"version": 1', '"version": 7'))
    before = {p.name: digest(p) for p in path.parent.iterdir() if p.is_file()}
    with pytest.raises(error) as caught:
        Store.open(path, passphrase=passphrase)
    message = str(caught.value)
    assert phrase in message and "\n" not in message and "pw" not in message.split("/")[-1]
    assert {p.name: digest(p) for p in path.parent.iterdir() if p.is_file()} == before


def test_an_encrypted_store_without_its_key_file_is_not_mistaken_for_garbage(encrypted_store: Path) -> None:
    keys.key_file_path(encrypted_store).rename(encrypted_store.with_name("elsewhere.keys"))
    before = digest(encrypted_store)
    with pytest.raises(KpoDeskError, match=r"key file s\.sqlite3\.keys is missing"):
        Store.open(encrypted_store, passphrase="pw")
    assert digest(encrypted_store) == before


# -- passphrase and recovery -----------------------------------------------------------------------

def test_changing_the_passphrase_leaves_the_database_bytes_unchanged(encrypted_store: Path) -> None:
    before = digest(encrypted_store)
    key_before = keys.key_file_path(encrypted_store).read_bytes()
    convert.change_passphrase(encrypted_store, "pw", "new words")
    assert digest(encrypted_store) == before
    assert keys.key_file_path(encrypted_store).read_bytes() != key_before
    with pytest.raises(WrongPassphraseError):
        Store.open(encrypted_store, passphrase="pw")
    with Store.open(encrypted_store, passphrase="new words") as s:
        assert [c.name for c in parties.list_clients(s)] == ["Zebulon Quartzite AG"]


def test_a_wrong_old_passphrase_changes_nothing(encrypted_store: Path) -> None:
    key_before = keys.key_file_path(encrypted_store).read_bytes()
    with pytest.raises(WrongPassphraseError):
        convert.change_passphrase(encrypted_store, "guess", "new words")
    assert keys.key_file_path(encrypted_store).read_bytes() == key_before


def test_the_recovery_key_opens_the_store_and_sets_a_new_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path, passphrase="forgotten") as s:
        recovery = s.new_recovery_key
        parties.create_client(s, name="Zebulon Quartzite AG", timezone="Europe/Zurich")
    before = digest(path)
    other = tmp_path / "o" / "o.sqlite3"
    with Store.open(other, passphrase="x") as o:
        other_recovery = o.new_recovery_key
    with pytest.raises(WrongRecoveryKeyError):
        convert.recover_passphrase(path, other_recovery, "fresh")
    typo = ("Z" if recovery[0] != "Z" else "Y") + recovery[1:]
    with pytest.raises(KpoDeskError, match="typing mistake"):
        convert.recover_passphrase(path, typo, "fresh")
    convert.recover_passphrase(path, recovery.lower().replace("-", " "), "fresh")
    assert digest(path) == before
    with pytest.raises(WrongPassphraseError):
        Store.open(path, passphrase="forgotten")
    with Store.open(path, passphrase="fresh") as s:
        assert [c.name for c in parties.list_clients(s)] == ["Zebulon Quartzite AG"]


# -- decrypting --------------------------------------------------------------------------------------

def test_an_explicit_plain_copy_opens_without_a_passphrase_and_holds_no_keys(demo_template: Path,
                                                                             tmp_path: Path) -> None:
    path = copy_store(demo_template, tmp_path / "demo.sqlite3")
    with Store.open(path) as plain:
        counts = plain.table_counts()
    encrypt(path)
    target = tmp_path / "out" / "plain.sqlite3"
    target.parent.mkdir()
    with Store.open(path, passphrase="correct horse") as s:
        convert.decrypt_copy_of_store(s, target)
        with s.read() as session:
            blob = bytes(session.connection().exec_driver_sql("SELECT value FROM secret").first()[0])
    assert blob not in target.read_bytes()
    with Store.open(target) as copy:
        assert not copy.encrypted and copy.table_counts() == counts
        from kpo_desk.core.checklists import attachment_problems

        assert attachment_problems(copy) == []


# -- an interrupted encryption ---------------------------------------------------------------------

ROLL_FORWARD_STEPS = ["plain sidecars moved", "plain attachments moved", "plain store moved",
                      "attachments swapped", "key file swapped", "store swapped",
                      "plain files overwritten"]
BEFORE_READY_STEPS = ["key file written", "database copied", "attachments copied", "verified"]


def _crash_at(path: Path, step: str) -> int:
    """Run encrypt_store in a child that dies (os._exit, like kill -9: no clean-up) at ``step``."""
    code = f"""
import os, sys
from pathlib import Path
from kpo_desk.core.crypto import keys, convert
from kpo_desk.core.lock import acquire_store_lock
keys.DEFAULT_SCRYPT = keys.ScryptParams(n=2**10)
def step(name):
    if name == {step!r}:
        os._exit(9)
path = Path({str(path)!r})
with acquire_store_lock(path):
    convert.encrypt_store(path, "correct horse", step=step)
"""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=300).returncode


@pytest.mark.parametrize("step", BEFORE_READY_STEPS + ROLL_FORWARD_STEPS)
def test_a_crash_at_any_stage_leaves_one_intact_store(demo_template: Path, tmp_path: Path,
                                                      step: str, secrets_of_demo: dict[str, str]) -> None:
    path = copy_store(demo_template, tmp_path / "demo.sqlite3")
    with Store.open(path) as plain:
        counts = plain.table_counts()
    assert _crash_at(path, step) == 9
    assert convert.work_dir(path).exists()
    with Store.open(path, passphrase="correct horse") as s:
        assert s.table_counts() == counts and s.integrity_problems() == []
        from kpo_desk.core.checklists import attachment_problems

        assert attachment_problems(s) == []
        assert s.encrypted == (step in ROLL_FORWARD_STEPS)
    assert not convert.work_dir(path).exists()
    if step in ROLL_FORWARD_STEPS:
        assert leaks(tmp_path, secrets_of_demo) == []
    else:
        assert not keys.key_file_path(path).exists()


def test_another_process_encrypting_is_left_alone(demo_template: Path, tmp_path: Path) -> None:
    path = copy_store(demo_template, tmp_path / "demo.sqlite3")
    convert.work_dir(path).mkdir()
    with acquire_store_lock(path, purpose="kpo-desk encrypt"):
        pass
    code = f"""
import sys, time
from kpo_desk.core.lock import acquire_store_lock
with acquire_store_lock({str(path)!r}, purpose="kpo-desk encrypt"):
    print("held", flush=True)
    sys.stdin.readline()
"""
    holder = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(KpoDeskError, match="is being encrypted by another KPO Desk"):
            Store.open(path)
        assert convert.work_dir(path).exists()
    finally:
        holder.communicate("\n", timeout=30)
    with Store.open(path) as s:
        assert not s.encrypted
    assert not convert.work_dir(path).exists()


def test_json_export_of_an_encrypted_store_imports_into_an_encrypted_one_without_plaintext_on_disk(
        demo_template: Path, tmp_path: Path, secrets_of_demo: dict[str, str]) -> None:
    from kpo_desk.core.checklists import attachment_problems
    from kpo_desk.core.exporters.json_export import export_json
    from kpo_desk.core.exporters.json_import import import_json

    path = copy_store(demo_template, tmp_path / "demo.sqlite3")
    encrypt(path)
    with Store.open(path, passphrase="correct horse") as s:
        counts = s.table_counts()
        export_json(s, tmp_path / "export.zip")
    target = tmp_path / "new" / "n.sqlite3"
    with Store.open(target, passphrase="other") as n:
        import_json(n, tmp_path / "export.zip")
        assert n.table_counts() == counts and attachment_problems(n) == []
    assert leaks(target.parent, secrets_of_demo) == []


def test_a_plain_store_opens_without_loading_sqlcipher_or_openssl(demo_template: Path, tmp_path: Path) -> None:
    """Opening, reading and closing a plain store needs neither SQLCipher nor the cryptography
    package (together about 11 MB of the app's memory); an encrypted one loads both."""
    plain = copy_store(demo_template, tmp_path / "plain.sqlite3")
    code = f"""
import sys
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
with Store.open({str(plain)!r}, create=False) as store:
    clients = parties.list_clients(store)
print(len(clients), sorted(m for m in ("sqlcipher3", "cryptography") if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    read, loaded = done.stdout.split(" ", 1)
    with Store.open(plain, create=False) as store:
        assert int(read) == len(parties.list_clients(store)) > 0
    assert loaded.strip() == "[]"
    encrypted = tmp_path / "encrypted.sqlite3"
    Store.open(encrypted, passphrase="correct horse battery").close()
    code = code.replace(repr(str(plain)), repr(str(encrypted))).replace(
        "create=False)", "create=False, passphrase='correct horse battery')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0 ['cryptography', 'sqlcipher3']"
