"""Backups are verified copies (store and attachments); restore checks first and keeps the
current store aside; rolling backups are taken at most daily and pruned to the last N."""

from __future__ import annotations

import os
import sqlite3
import stat
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kpo_desk.core import backup, restore
from kpo_desk.core.errors import StoreError
from kpo_desk.core.exporters.tables import data_tables, table_rows
from kpo_desk.core.lock import acquire_store_lock
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store

T0 = datetime(2026, 11, 23, 9, 14, tzinfo=UTC)


def rows_of(store: Store) -> dict[str, list[tuple]]:
    return {t.name: list(table_rows(store, t)) for t in data_tables()}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_backup_is_a_verified_private_zip_with_attachments(demo_store: Store, tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    info = backup.backup_to(demo_store, tmp_path / "b.zip", progress=lambda f, m: seen.append((f, m)))
    assert stat.S_IMODE(os.stat(info.path).st_mode) == 0o600
    with zipfile.ZipFile(info.path) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
    attachments = files_of(demo_store.attachments_dir)
    assert len(attachments) >= 1
    assert sorted(n for n in names if n.startswith("attachments/")) == sorted(
        "attachments/" + n for n in attachments)
    assert info.attachments == len(attachments)
    assert seen[-1] == (1.0, "Backup complete")
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert restore.verify_backup(info.path).schema_revision == demo_store.schema_revision()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kpo-desk-")]  # scratch removed


def test_backup_and_restore_round_trip_on_the_demo_store(demo_store: Store, tmp_path: Path) -> None:
    before = rows_of(demo_store)
    attachments_before = files_of(demo_store.attachments_dir)
    backup.backup_to(demo_store, tmp_path / "b.zip")
    parties.create_client(demo_store, name="Added after the backup", timezone="UTC")
    (demo_store.attachments_dir / "added-later.txt").write_text("later")
    path = demo_store.path
    demo_store.close()

    result = restore.restore_backup(tmp_path / "b.zip", path, now=T0)

    assert result.kept_aside is not None and result.kept_aside.exists()
    with Store.open(result.kept_aside) as aside:  # the previous store, untouched
        assert "Added after the backup" in [c.name for c in parties.list_clients(aside)]
    assert (result.attachments_kept_aside / "added-later.txt").read_text() == "later"
    with Store.open(path) as restored:
        assert rows_of(restored) == before
        assert restored.integrity_problems() == []
        assert files_of(restored.attachments_dir) == attachments_before
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_restore_refuses_while_the_app_holds_the_store(demo_store: Store, tmp_path: Path) -> None:
    backup.backup_to(demo_store, tmp_path / "b.zip")
    parties.create_client(demo_store, name="Kept", timezone="UTC")
    with acquire_store_lock(demo_store.path), pytest.raises(StoreError, match="already open on this store"):
        restore.restore_backup(tmp_path / "b.zip", demo_store.path)
    assert "Kept" in [c.name for c in parties.list_clients(demo_store)]
    assert not list(tmp_path.glob("*before-restore*"))


@pytest.mark.parametrize("make, phrase", [
    (lambda p: p.write_bytes(b"%PDF-1.7 not a backup" * 100), "not a KPO Desk backup"),
    (lambda p: p.write_bytes(b""), "not a KPO Desk backup"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "hi"), "not a KPO Desk backup"),
])
def test_restore_refuses_what_is_not_a_backup(demo_store: Store, tmp_path: Path, make, phrase: str) -> None:
    bad = tmp_path / "bad.zip"
    make(bad)
    before = rows_of(demo_store)
    path = demo_store.path
    demo_store.close()
    with pytest.raises(StoreError, match=phrase):
        restore.restore_backup(bad, path)
    with Store.open(path) as same:
        assert rows_of(same) == before
    assert not list(tmp_path.glob("*before-restore*"))


def test_restore_refuses_a_backup_from_a_newer_version(store: Store, tmp_path: Path) -> None:
    parties.create_client(store, name="Mine", timezone="UTC")
    future = tmp_path / "future.sqlite3"
    store.copy_to(future)
    con = sqlite3.connect(future)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    store.close()
    with pytest.raises(StoreError, match="newer version"):
        restore.restore_backup(future, store.path)
    with Store.open(store.path) as same:
        assert [c.name for c in parties.list_clients(same)] == ["Mine"]


def test_restore_accepts_a_bare_store_file(store: Store, tmp_path: Path) -> None:
    parties.create_client(store, name="From the copy", timezone="UTC")
    copy = tmp_path / "copy.sqlite3"
    store.copy_to(copy)
    target = tmp_path / "elsewhere" / "s.sqlite3"
    target.parent.mkdir()
    restore.restore_backup(copy, target)
    with Store.open(target) as restored:
        assert [c.name for c in parties.list_clients(restored)] == ["From the copy"]


def test_no_automatic_backup_of_a_store_that_holds_nothing(store: Store) -> None:
    assert backup.rolling_backup(store, now=T0) is None
    assert backup.list_backups(store.path) == []
    parties.create_client(store, name="Acme", timezone="UTC")
    assert backup.rolling_backup(store, now=T0) is not None


def test_rolling_backups_daily_and_pruned(store: Store) -> None:
    parties.create_client(store, name="Acme", timezone="UTC")
    first = backup.rolling_backup(store, now=T0)
    assert first is not None and first.parent == store.path.with_name("store-backups")
    assert stat.S_IMODE(os.stat(first.parent).st_mode) == 0o700
    assert backup.rolling_backup(store, now=T0 + timedelta(hours=23)) is None  # not due yet
    with store.transaction() as s:
        from kpo_desk.core.models import Setting
        s.add(Setting(key="backup.keep", value="3"))
    taken = [first] + [backup.rolling_backup(store, now=T0 + timedelta(days=d)) for d in range(1, 6)]
    assert all(taken)
    left = backup.list_backups(store.path)
    assert [e.path for e in left] == taken[-3:][::-1]  # newest first, only the last 3 kept
    assert left[0].taken_at == T0 + timedelta(days=5)
    for entry in left:
        assert restore.verify_backup(entry.path).schema_revision == store.schema_revision()


def test_cancelled_backup_leaves_nothing(demo_store: Store, tmp_path: Path) -> None:
    with pytest.raises(backup.Cancelled):
        backup.backup_to(demo_store, tmp_path / "b.zip", progress=lambda f, m: f < 0.55)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo")) == []


def test_tampered_attachment_in_a_backup_is_refused(demo_store: Store, tmp_path: Path) -> None:
    good = backup.backup_to(demo_store, tmp_path / "good.zip").path
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("attachments/"):
                data = b"swapped evidence"
            dst.writestr(item, data)
    with pytest.raises(StoreError, match="does not match its checksum"):
        restore.verify_backup(bad)


def test_a_stray_file_in_the_attachments_folder_is_not_part_of_the_backup(demo_store: Store, tmp_path: Path) -> None:
    """Only the files the records refer to, named by their SHA-256, are the store's attachments;
    a file someone dropped in the folder is not backed up, and the backup still restores whole
    (restore refuses a backup that carries a file no record refers to)."""
    referenced = files_of(demo_store.attachments_dir)
    (demo_store.attachments_dir / "added-later.txt").write_text("dropped here by hand")
    info = backup.backup_to(demo_store, tmp_path / "b.zip")
    with zipfile.ZipFile(info.path) as zf:
        carried = {n.removeprefix("attachments/") for n in zf.namelist() if n.startswith("attachments/")}
    assert carried == set(referenced) and info.attachments == len(referenced)
    result = restore.restore_backup(info.path, tmp_path / "elsewhere.sqlite3")
    with Store.open(result.store_path) as restored:
        assert files_of(restored.attachments_dir) == referenced
