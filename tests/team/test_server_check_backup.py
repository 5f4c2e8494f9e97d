"""kpo-desk check and kpo-desk backup against a database on the real test server (issue 19):
check says ok, names a tampered blob, refuses a database at another schema revision; backup
writes a logical export that kpo-desk import json loads into a new file store with the same
tables, the same values and the same attachments. Commands run as real subprocesses."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from kpo_desk.core.backup import referenced_attachments
from kpo_desk.core.exporters.json_export import export_json
from kpo_desk.core.move_to_server import move_to_server
from kpo_desk.core.store import Store, head_revision
from tests.commands import kpo as run
from tests.store_copies import copy_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server_demo(demo_template: Path, tmp_path: Path, pg_server, pg_database) -> tuple[str, Path]:
    """The demo moved to a new server database: (its URL, the local demo file it came from)."""
    local = tmp_path / "local"
    local.mkdir(mode=0o700)
    db = copy_store(demo_template, local / "demo.sqlite3")
    with Store.open(db, read_only=True) as source:
        move_to_server(source, pg_server.url(pg_database))
    return pg_server.url(pg_database), db


def tables_of(zip_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zip_path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith(("tables/", "attachments/"))}


def test_check_on_the_server_says_ok_then_names_a_tampered_blob(server_demo, pg_server, pg_database) -> None:
    url, _local = server_demo
    done = run("--db", url, "check")
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr
    with pg_server.connect(pg_database) as conn:
        sha, name, aid = conn.execute("SELECT b.sha256, a.original_name, a.id FROM attachment_blob b "
                                      "JOIN attachment a USING (sha256) ORDER BY a.id LIMIT 1").fetchone()
        conn.execute("UPDATE attachment_blob SET data = data || '\\x00'::bytea WHERE sha256 = %s", (sha,))
    done = run("--db", url, "check")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"attachment {aid} '{name}' has changed since it was attached" in done.stdout
    assert "failed its integrity check (1 problem" in done.stderr
    assert f"kpo-desk: postgresql://kpo_admin@{pg_server.socket_dir}" in done.stderr  # where, no password
    assert pg_server.password not in done.stderr + done.stdout


def test_check_refuses_a_database_at_another_schema_revision(server_demo, pg_server, pg_database) -> None:
    url, _local = server_demo
    with pg_server.connect(pg_database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    done = run("--db", url, "check")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is not at this version's schema" in done.stderr
    with pg_server.connect(pg_database) as conn:  # the check did not migrate it
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)


def test_check_of_an_unreachable_server_is_one_sentence(pg_server, tmp_path: Path) -> None:
    url = pg_server.url("no_such_database_here")
    done = run("--db", url, "check")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "has no such database" in done.stderr


def test_backup_of_the_server_imports_into_a_file_store_with_the_same_tables(
        server_demo, tmp_path: Path) -> None:
    url, local = server_demo
    backup = tmp_path / "server-backup.zip"
    done = run("--db", url, "backup", "-o", str(backup))
    assert done.returncode == 0, done.stderr
    assert "a logical export" in done.stdout and "verified" in done.stdout
    with zipfile.ZipFile(backup) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["format"] == "kpo-desk-export" and manifest["schema_revision"] == head_revision()
    assert manifest["missing_attachments"] == []
    # The server's export reads exactly as the local store's own export: every value the same.
    with Store.open(local, read_only=True) as source:
        counts = source.table_counts()
        with source.connection() as conn:
            referenced = referenced_attachments(conn)
        local_export = export_json(source, tmp_path / "local-export.zip")
    assert tables_of(backup) == tables_of(local_export)
    assert manifest["attachments"] == len(referenced) > 0
    # kpo-desk import json loads it into a new file store.
    restored = tmp_path / "restored" / "store.sqlite3"
    restored.parent.mkdir(mode=0o700)
    done = run("--db", str(restored), "import", "json", str(backup))
    assert done.returncode == 0, done.stderr
    with Store.open(restored, read_only=True) as back:
        assert back.table_counts() == counts
        for sha in referenced:
            with back.attachments.open(sha) as fh:
                assert hashlib.sha256(fh.read()).hexdigest() == sha
    assert run("--db", str(restored), "check").stdout.strip() == "ok"
