"""A store made with the first released schema (revision 0001) upgrades to head with its
data intact, and a backup of it is taken first. (test_store.py's
``test_models_and_migrations_agree`` fails when a table changes without a migration.)"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kpo_desk.core import backup, restore
from kpo_desk.core.desk import open_store
from kpo_desk.core.store import Store, head_revision

FIXTURE = Path(__file__).parents[1] / "data" / "store-0001.sqlite3"
TABLES = ("client", "contact", "staff", "setting", "engagement", "assignment", "milestone", "timeentry",
          "risk", "checklistitem", "attachment", "communication", "communicationcontact",
          "communicationstaff", "reportrecord", "reportpreset", "auditevent")


def snapshot(path: Path, *, without: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table, leaving out the columns ``without`` (added by later migrations)."""
    con = sqlite3.connect(path)
    try:
        out = {}
        for t in TABLES:
            names = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")') if r[1] not in without]
            cols = ", ".join(f'"{n}"' for n in names)
            out[t] = con.execute(f'SELECT {cols} FROM "{t}" ORDER BY rowid').fetchall()
        return out
    finally:
        con.close()


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE, path)
    return path


def test_fixture_is_a_small_store_at_revision_0001() -> None:
    con = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert con.execute("SELECT count(*) FROM engagement").fetchone() == (5,)
        assert con.execute("SELECT count(*) FROM communication").fetchone() == (50,)
    finally:
        con.close()


def test_0001_store_upgrades_to_head_with_data_intact(old_store: Path) -> None:
    before = snapshot(old_store)
    with Store.open(old_store) as store:
        assert store.schema_revision() == head_revision()
        assert store.integrity_problems() == []
        counts = store.table_counts()
        with store.engine.connect() as conn:
            codes = [r[0] for r in conn.exec_driver_sql("SELECT code FROM engagement ORDER BY id")]
            subjects = [r[0] for r in conn.exec_driver_sql("SELECT subject FROM communication ORDER BY id")]
    after = snapshot(old_store, without=("version",))  # 0005 adds a row version
    assert after == before  # every row, every value
    assert {t: counts[t] for t in TABLES} == {t: len(rows) for t, rows in before.items()}
    assert counts["communication"] == 50 and counts["engagement"] == 5
    assert codes == [row[1] for row in before["engagement"]] and codes[0].count("-") == 2
    assert subjects == [row[5] for row in before["communication"]] and all(subjects)


def test_upgrade_keeps_a_verified_backup_of_the_old_store(old_store: Path) -> None:
    before = snapshot(old_store)
    open_store(old_store).close()
    entries = [e for e in backup.list_backups(old_store) if e.kind == "before-upgrade"]
    assert len(entries) == 1
    assert "before-upgrade-from-0001" in entries[0].path.name
    assert restore.verify_backup(entries[0].path).schema_revision == "0001"
    # Restoring it gives the old data back (upgraded again on open).
    target = old_store.with_name("restored.sqlite3")
    restore.restore_backup(entries[0].path, target)
    assert snapshot(target, without=("version",)) == before
    open_store(old_store).close()  # already at head: no second backup
    assert len([e for e in backup.list_backups(old_store) if e.kind == "before-upgrade"]) == 1


def test_the_store_itself_takes_no_backup_it_was_not_handed(old_store: Path) -> None:
    """Backups are the app's step (kpo_desk/core/desk.py), handed to Store.open as a hook."""
    seen: list[str | None] = []
    Store.open(old_store, before_upgrade=lambda store, revision: seen.append(revision)).close()
    assert seen == ["0001"]
    assert backup.list_backups(old_store) == []


def test_new_empty_store_gets_no_upgrade_backup(tmp_path: Path) -> None:
    open_store(tmp_path / "fresh.sqlite3").close()
    assert backup.list_backups(tmp_path / "fresh.sqlite3") == []
