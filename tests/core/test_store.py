from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from kpo_desk.core.errors import StoreError
from kpo_desk.core.migrations import include_name
from kpo_desk.core.store import APPLICATION_ID, Store, head_revision, resolve_store_path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_private_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with Store.open(path) as s:
        assert s.schema_revision() == head_revision()
        assert s.integrity_problems() == []
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        for sidecar in (path, path.with_name(path.name + "-wal")):
            if sidecar.exists():
                assert stat.S_IMODE(os.stat(sidecar).st_mode) == 0o600, sidecar
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_models_and_migrations_agree(store: Store) -> None:
    """Fails when someone changes a table without adding a migration."""
    with store.engine.connect() as conn:
        opts = {"compare_type": True, "include_name": include_name}  # include_name skips search indexes
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), SQLModel.metadata)
    assert diff == []


def test_reopening_keeps_data(tmp_path: Path) -> None:
    from kpo_desk.core.services import parties

    path = tmp_path / "s.sqlite3"
    with Store.open(path) as s:
        parties.create_client(s, name="Zürich Re", timezone="Europe/Zurich")
    with Store.open(path) as s:
        assert [c.name for c in parties.list_clients(s)] == ["Zürich Re"]


@pytest.mark.parametrize("content, phrase", [
    (b"Dear client,\nthis is a letter, not a database.\n", "not an SQLite database"),
    (bytes(range(256)) * 40, "not an SQLite database"),
    (b"SQLite format 3\x00" + b"\x00" * 20, "truncated"),
])
def test_foreign_files_are_refused_untouched(tmp_path: Path, content: bytes, phrase: str) -> None:
    path = tmp_path / "letter.sqlite3"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert phrase in str(err.value)
    assert "\n" not in str(err.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.sqlite3"]


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not a KPO Desk store"):
        Store.open(path)
    assert digest(path) == before


def test_store_from_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer version"):
        Store.open(path)
    assert digest(path) == before


def test_missing_store_is_not_created_when_not_asked(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store.open(tmp_path / "absent.sqlite3", create=False)
    assert not (tmp_path / "absent.sqlite3").exists()


def test_store_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPO_DESK_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_store_path(tmp_path / "cli.sqlite3") == tmp_path / "cli.sqlite3"
    assert resolve_store_path(None) == tmp_path / "env.sqlite3"
    monkeypatch.delenv("KPO_DESK_DB")
    default = resolve_store_path(None)
    assert default.name == "kpo-desk.sqlite3"
    assert str(default).startswith(os.environ["XDG_DATA_HOME"])


def test_integrity_check_reports_dangling_rows(store: Store) -> None:
    con = sqlite3.connect(store.path)  # a foreign writer that does not enforce foreign keys
    con.execute("INSERT INTO contact (client_id, name, role, email, phone, language, timezone) "
                "VALUES (999, 'Ghost', '', '', '', '', '')")
    con.commit()
    con.close()
    problems = store.integrity_problems()
    assert any("contact" in p and "client" in p for p in problems)


def test_the_revision_list_matches_alembic_migrations_in_order():
    # store.REVISIONS spares Alembic's import at start-up; it must be what Alembic itself sees.
    from alembic.script import ScriptDirectory

    from kpo_desk.core.store import REVISIONS, _alembic_config

    script = ScriptDirectory.from_config(_alembic_config())
    oldest_first = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(oldest_first) == REVISIONS
    assert script.get_current_head() == head_revision()


def test_opening_a_current_store_does_not_import_alembic(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    code = ("import sys; from kpo_desk.core.store import Store; "
            f"Store.open({str(path)!r}, create=False).close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_closed_store_never_reopens_its_path(tmp_path: Path) -> None:
    """A late background read after close() must not recreate the file a restore is replacing."""
    from kpo_desk.core.services import parties

    path = tmp_path / "desk.sqlite3"
    store = Store.open(path)
    parties.create_client(store, name="Acme", timezone="UTC")
    store.close()
    path.rename(tmp_path / "aside.sqlite3")
    with pytest.raises(StoreError, match="has been closed"):
        parties.list_clients(store)
    with pytest.raises(StoreError, match="has been closed"), store.engine.connect():
        pass
    assert not path.exists()
