"""Backups of an encrypted store stay encrypted and restorable (issue 18).

The zip carries the SQLCipher snapshot, the store's key file and the attachments as stored
(ciphertext under keyed names); no demo text is in any member's bytes; verify and restore unlock
it with the passphrase (given, or from the passphrase source) or the recovery key, check the
database with the key and decrypt every attachment against its recorded SHA-256; a backup
without its key, or the wrong passphrase, is refused with one sentence and nothing written."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kpo_desk.core import backup, restore
from kpo_desk.core.checklists import attachment_problems
from kpo_desk.core.crypto import convert, keys, set_passphrase_source
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.exporters.tables import data_tables, table_rows
from kpo_desk.core.lock import acquire_store_lock
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from tests.store_copies import copy_store, demo_secrets, leaked

FAST = keys.ScryptParams(n=2**10)
PASSPHRASE = "correct horse"
T0 = datetime(2026, 11, 23, 9, 14, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fast_kdf_and_no_source(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(keys, "DEFAULT_SCRYPT", FAST)
    set_passphrase_source(None)
    yield
    set_passphrase_source(None)


@pytest.fixture(scope="module")
def secrets_and_template(tmp_path_factory: pytest.TempPathFactory, demo_template: Path
                         ) -> tuple[dict[str, str], Path, str]:
    """Demo text that must not leak (proved present in the plain demo), the demo encrypted
    once, and its recovery key."""
    secrets = demo_secrets(demo_template)
    folder = tmp_path_factory.mktemp("encrypted-demo")
    path = copy_store(demo_template, folder / "demo.sqlite3")
    with acquire_store_lock(path):
        result = convert.encrypt_store(path, PASSPHRASE, kdf=FAST)
    return secrets, path, result.recovery_key


@pytest.fixture
def encrypted(secrets_and_template, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return copy_store(secrets_and_template[1], folder / "demo.sqlite3")


def rows_of(store: Store) -> dict[str, list[tuple]]:
    return {t.name: list(table_rows(store, t)) for t in data_tables()}


def hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (the lock file, which a refused restore may create, aside)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".lock"}


def test_the_backup_of_an_encrypted_store_holds_no_plaintext(encrypted: Path, secrets_and_template,
                                                             tmp_path: Path) -> None:
    strings = secrets_and_template[0]
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:
        info = backup.backup_to(store, tmp_path / "b.zip")
        stored = {name for name, _ in store.attachments.files()}
        with store.read() as s:
            shas = {r[0] for r in s.connection().exec_driver_sql("SELECT sha256 FROM attachment")}
    assert info.encrypted and info.attachments == len(stored) > 0
    with zipfile.ZipFile(info.path) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        for name in names:
            assert leaked(zf.read(name), strings) == [], name
        assert not zf.read("store.sqlite3").startswith(b"SQLite format 3")
        assert keys.KeyFile.from_json(zf.read("store.sqlite3.keys"))  # the store's key file
    assert leaked(info.path.read_bytes(), strings) == []
    carried = {n.removeprefix("attachments/") for n in names if n.startswith("attachments/")}
    # the attachments as stored: keyed names, never the plain SHA-256 that would confirm a document
    assert carried == stored and not carried & shas
    assert manifest["encrypted"] is True and manifest["key_file"] == "store.sqlite3.keys"
    assert sorted(manifest["attachment_names"]) == sorted(carried)
    assert not set(json.dumps(manifest).split('"')) & shas
    checked = restore.verify_backup(info.path, passphrase=PASSPHRASE)
    assert checked.encrypted and checked.attachments == len(stored)


def test_backup_then_restore_of_an_encrypted_demo_store(encrypted: Path, secrets_and_template,
                                                        tmp_path: Path) -> None:
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:
        before = rows_of(store)
        backup.backup_to(store, tmp_path / "b.zip")
        parties.create_client(store, name="Added after the backup", timezone="UTC")
    result = restore.restore_backup(tmp_path / "b.zip", encrypted, now=T0, passphrase=PASSPHRASE)
    assert result.encrypted and result.kept_aside is not None
    assert keys.key_file_path(result.kept_aside).is_file()  # the previous store aside, with its key
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:
        assert store.encrypted and rows_of(store) == before
        assert store.integrity_problems() == [] and attachment_problems(store) == []
    # nothing readable beside the restored store either
    for path in encrypted.parent.rglob("*"):
        if path.is_file():
            assert leaked(path.read_bytes(), secrets_and_template[0]) == [], path


def test_restore_with_the_recovery_key_into_a_new_place(encrypted: Path, secrets_and_template,
                                                        tmp_path: Path) -> None:
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:
        before = rows_of(store)
        backup.backup_to(store, tmp_path / "b.zip")
    target = tmp_path / "elsewhere" / "restored.sqlite3"
    target.parent.mkdir()
    restore.restore_backup(tmp_path / "b.zip", target, recovery_key=secrets_and_template[2])
    assert keys.key_file_path(target).is_file()
    with Store.open(target, passphrase=PASSPHRASE) as store:
        assert rows_of(store) == before and attachment_problems(store) == []


def test_the_passphrase_comes_from_the_passphrase_source(encrypted: Path, tmp_path: Path) -> None:
    asked: list[tuple[Path, bool]] = []
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:
        info = backup.backup_to(store, tmp_path / "b.zip")
    set_passphrase_source(lambda path, creating: asked.append((path, creating)) or PASSPHRASE)
    assert restore.verify_backup(info.path).encrypted
    assert asked == [(info.path, False)]


def _rewrite(good: Path, bad: Path, change) -> Path:  # noqa: ANN001 - change(name, data) -> data | None
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = change(item.filename, src.read(item))
            if data is not None:
                dst.writestr(item, data)
    return bad


def _other_store_recovery_key(tmp_path: Path) -> str:
    with Store.open(tmp_path / "other" / "o.sqlite3", passphrase="pw") as other:
        return other.new_recovery_key


@pytest.mark.parametrize("case, phrase", [
    ("no passphrase", "is an encrypted backup: the passphrase the store had"),
    ("wrong passphrase", "that passphrase does not open it"),
    ("wrong recovery key", "that recovery key does not open it"),
    ("no key file in it", "an encrypted backup without its key"),
    ("an older backup without its key", "an encrypted backup without its key"),
    ("key file of another store", "does not open with its key"),
    ("attachment swapped", "has changed since it was attached"),
    ("attachment missing", "is missing from it"),
])
def test_refusals_are_one_sentence_and_leave_the_target_unchanged(encrypted: Path, tmp_path: Path,
                                                                  case: str, phrase: str) -> None:
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:
        good = backup.backup_to(store, tmp_path / "good.zip").path
    bad, kwargs = good, {"passphrase": PASSPHRASE}
    if case == "no passphrase":
        kwargs = {}
    elif case == "wrong passphrase":
        kwargs = {"passphrase": "correct horse battery"}
    elif case == "wrong recovery key":
        kwargs = {"recovery_key": _other_store_recovery_key(tmp_path)}
    elif case == "no key file in it":
        bad = _rewrite(good, tmp_path / "bad.zip", lambda n, d: None if n.endswith(".keys") else d)
    elif case == "an older backup without its key":  # as made before backups carried the key file
        def older(name: str, data: bytes) -> bytes | None:
            if name.endswith(".keys"):
                return None
            if name == "manifest.json":
                manifest = json.loads(data)
                for field in ("encrypted", "key_file", "key_file_sha256"):
                    manifest.pop(field)
                return json.dumps(manifest).encode()
            return data
        bad = _rewrite(good, tmp_path / "bad.zip", older)
    elif case == "key file of another store":
        other = tmp_path / "other"
        Store.open(other / "o.sqlite3", passphrase=PASSPHRASE).close()
        foreign = keys.key_file_path(other / "o.sqlite3").read_bytes()

        def swap_key(name: str, data: bytes) -> bytes:
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest.pop("key_file_sha256")
                return json.dumps(manifest).encode()
            return foreign if name.endswith(".keys") else data
        bad = _rewrite(good, tmp_path / "bad.zip", swap_key)
    elif case in ("attachment swapped", "attachment missing"):
        with zipfile.ZipFile(good) as zf:
            first, second = sorted(n for n in zf.namelist() if n.startswith("attachments/"))[:2]
            other_bytes = zf.read(second)

        def tamper(name: str, data: bytes) -> bytes | None:
            if name == "manifest.json" and case == "attachment missing":
                manifest = json.loads(data)
                manifest["attachment_names"].remove(first.removeprefix("attachments/"))
                return json.dumps(manifest).encode()
            if name == first:
                return other_bytes if case == "attachment swapped" else None
            return data
        bad = _rewrite(good, tmp_path / "bad.zip", tamper)
    before = hashes(encrypted.parent)
    for attempt in (lambda: restore.verify_backup(bad, **kwargs),
                    lambda: restore.restore_backup(bad, encrypted, **kwargs)):
        with pytest.raises(KpoDeskError) as caught:
            attempt()
        message = str(caught.value)
        assert phrase in message, message
        assert "\n" not in message and PASSPHRASE not in message and "battery" not in message
        assert hashes(encrypted.parent) == before
        assert not [p for p in tmp_path.rglob(".kpo-desk-*")]  # no scratch folder left
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:  # and it still opens
        assert store.integrity_problems() == []


def test_automatic_backups_of_an_encrypted_store_are_encrypted(encrypted: Path, secrets_and_template
                                                               ) -> None:
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:
        taken = backup.rolling_backup(store, now=T0)
        assert taken is not None
    with zipfile.ZipFile(taken) as zf:
        assert "store.sqlite3.keys" in zf.namelist()
        assert json.loads(zf.read("manifest.json"))["encrypted"] is True
    assert leaked(taken.read_bytes(), secrets_and_template[0]) == []
    assert restore.verify_backup(taken, passphrase=PASSPHRASE).encrypted


def test_a_plain_backup_restored_over_an_encrypted_store_sets_its_key_file_aside(
        encrypted: Path, demo_template: Path, tmp_path: Path) -> None:
    plain = copy_store(demo_template, tmp_path / "plain.sqlite3")
    with Store.open(plain) as store:
        plain_backup = backup.backup_to(store, tmp_path / "plain.zip").path
    result = restore.restore_backup(plain_backup, encrypted)
    assert not result.encrypted and not keys.key_file_path(encrypted).exists()
    assert keys.key_file_path(result.kept_aside).is_file()
    with Store.open(encrypted) as store:  # plain again: no passphrase
        assert not store.encrypted and attachment_problems(store) == []


def test_a_bare_encrypted_store_copy_restores_with_its_key_file(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3", passphrase=PASSPHRASE) as store:
        parties.create_client(store, name="Zebulon Quartzite AG", timezone="Europe/Zurich")
        store.copy_to(tmp_path / "copy.sqlite3")  # with copy.sqlite3.keys beside it
    target = tmp_path / "restored" / "r.sqlite3"
    target.parent.mkdir()
    with pytest.raises(KpoDeskError, match="that passphrase does not open it"):
        restore.restore_backup(tmp_path / "copy.sqlite3", target, passphrase="not it")
    assert sorted(p.name for p in target.parent.iterdir() if p.suffix != ".lock") == []
    assert restore.restore_backup(tmp_path / "copy.sqlite3", target, passphrase=PASSPHRASE).encrypted
    with Store.open(target, passphrase=PASSPHRASE) as store:
        assert [c.name for c in parties.list_clients(store)] == ["Zebulon Quartzite AG"]
    keys.key_file_path(tmp_path / "copy.sqlite3").unlink()
    with pytest.raises(KpoDeskError, match="is not a KPO Desk backup"):
        restore.verify_backup(tmp_path / "copy.sqlite3", passphrase=PASSPHRASE)
