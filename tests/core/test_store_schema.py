"""A store is ours only if its schema is exactly ours: opening, restoring and checking refuse a
file with a trigger, view or index KPO Desk never made, or a table it changed, and write nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kpo_desk.core import backup, restore
from kpo_desk.core.errors import StoreError
from kpo_desk.core.services import parties
from kpo_desk.core.store import REVISIONS, ForeignSchemaError, Store
from kpo_desk.core.store_schema import build_schema, expected_schemas

PLANTED = {
    "trigger": "CREATE TRIGGER wipe AFTER INSERT ON communication BEGIN DELETE FROM auditevent; END",
    "view": "CREATE VIEW every_client AS SELECT * FROM client",
    "index": "CREATE INDEX client_by_notes ON client (notes)",
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plant(path: Path, sql: str) -> None:
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()


@pytest.fixture
def our_store(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    with Store.open(path) as store:
        parties.create_client(store, name="Acme", timezone="UTC")
    return path


@pytest.mark.parametrize("revision", REVISIONS)
def test_the_expected_schemas_are_what_the_migrations_make(revision: str) -> None:
    """Fails when a migration changes without `python -m kpo_desk.core.store_schema`."""
    assert build_schema(revision) == set(expected_schemas()[revision])


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_a_store_with_something_we_never_made_is_refused_and_left_alone(our_store: Path, kind: str) -> None:
    plant(our_store, PLANTED[kind])
    before = sha(our_store)
    with pytest.raises(ForeignSchemaError) as err:
        Store.open(our_store)
    assert f"a database {kind} '" in str(err.value) and "did not create" in str(err.value)
    with pytest.raises(ForeignSchemaError):
        Store.open(our_store, read_only=True)
    assert sha(our_store) == before


def test_a_changed_table_and_a_dropped_index_are_named(our_store: Path) -> None:
    con = sqlite3.connect(our_store)
    index = con.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                        "ORDER BY name LIMIT 1").fetchone()[0]
    con.execute(f'DROP INDEX "{index}"')
    con.execute("ALTER TABLE client ADD COLUMN secret TEXT")
    con.commit()
    con.close()
    with pytest.raises(ForeignSchemaError) as err:
        Store.open(our_store)
    problems = err.value.problems
    assert "a database table 'client' that was changed after KPO Desk created it" in problems
    assert f"no database index '{index}', which KPO Desk's schema has" in problems


def _backup_with(tmp_path: Path, source: Path, sql: str) -> Path:
    """A well-formed backup zip (manifest hash and all) whose store carries ``sql``."""
    with Store.open(source) as store:
        good = backup.backup_to(store, tmp_path / "good.zip").path
    work = tmp_path / "unpacked"
    with zipfile.ZipFile(good) as zf:
        zf.extractall(work)
    plant(work / backup.STORE_MEMBER, sql)
    manifest = json.loads((work / backup.MANIFEST_MEMBER).read_text())
    manifest["store_sha256"] = sha(work / backup.STORE_MEMBER)
    (work / backup.MANIFEST_MEMBER).write_text(json.dumps(manifest))
    bad = tmp_path / "planted.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for file in sorted(work.rglob("*")):
            if file.is_file():
                zf.write(file, file.relative_to(work).as_posix())
    return bad


def test_restoring_a_backup_with_a_planted_trigger_is_refused(our_store: Path, tmp_path: Path) -> None:
    bad = _backup_with(tmp_path, our_store, PLANTED["trigger"])
    target = tmp_path / "target.sqlite3"
    shutil.copy2(our_store, target)
    before = sha(target)
    with pytest.raises(StoreError, match="database trigger 'wipe' that KPO Desk did not create"):
        restore.restore_backup(bad, target)
    assert sha(target) == before
    # A bare store file is held to the same rule.
    bare = tmp_path / "bare.sqlite3"
    shutil.copy2(our_store, bare)
    plant(bare, PLANTED["trigger"])
    with pytest.raises(StoreError, match="did not create"):
        restore.restore_backup(bare, target)
    assert sha(target) == before


def test_check_names_every_difference(our_store: Path) -> None:
    for sql in PLANTED.values():
        plant(our_store, sql)
    done = subprocess.run([sys.executable, "-m", "kpo_desk", "--db", str(our_store), "check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    listed = [line for line in done.stdout.splitlines() if line.startswith("schema: ")]
    assert len(listed) == 3 and all("did not create" in line for line in listed)
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
