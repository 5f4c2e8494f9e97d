"""kpo-desk move-to URL: a local store (plain or encrypted), attachments included, copied into an
empty database on the real test server and verified; a database that holds records is refused
with nothing written; the local store is left byte for byte as it was. The command runs as a
real subprocess."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kpo_desk.core.backup import referenced_attachments
from kpo_desk.core.crypto import convert, keys
from kpo_desk.core.exporters.tables import data_tables
from kpo_desk.core.lock import acquire_store_lock
from kpo_desk.core.models import Client
from kpo_desk.core.move_to_server import move_to_server
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from tests.commands import kpo as run
from tests.store_copies import copy_store

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "tiger lily"
FAST = keys.ScryptParams(n=2**10)


def local_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "local"
    folder.mkdir(mode=0o700)
    return folder


def files_of(db: Path) -> dict[str, str]:
    """SHA-256 of the store file and of everything beside it that belongs to it (its key file and
    attachments). Reading a WAL store, even read-only, makes SQLite's shared-memory index and an
    empty -wal file beside it: those are left out, the -wal after checking it holds nothing."""
    out = {}
    for p in sorted(db.parent.rglob("*")):
        if p.name.endswith("-wal"):
            assert p.stat().st_size == 0, "a read left pages in the WAL"
            continue
        if p.is_file() and p.suffix != ".lock" and not p.name.endswith("-shm"):
            out[p.relative_to(db.parent).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def indexes_of(pg_server, database: str) -> set[tuple[str, str]]:
    with pg_server.connect(database) as conn:
        return set(conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))


def rows_of(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, read through the models' types (so both engines compare)."""
    with store.connection() as conn:
        return {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in data_tables()}


def test_move_to_copies_every_row_and_attachment_and_leaves_the_local_store(
        demo_template: Path, tmp_path: Path, pg_server, pg_database) -> None:
    db = copy_store(demo_template, local_dir(tmp_path) / "demo.sqlite3")
    before = files_of(db)
    url = pg_server.url(pg_database)
    done = run("--db", str(db), "move-to", url)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Copied 750 rows of communication" in done.stderr  # progress on stderr
    assert "Verifying row counts and attachment hashes" in done.stderr
    assert "row counts and attachment hashes verified" in done.stdout
    assert pg_server.password not in done.stdout + done.stderr  # never the password
    assert files_of(db) == before  # the local store, its attachments and all beside it: untouched
    with Store.open(db, read_only=True) as local, Store.open(url) as server:
        assert server.table_counts() == local.table_counts()
        assert rows_of(server) == rows_of(local)  # the same values, ids and audit trail included
        with local.connection() as conn:
            referenced = referenced_attachments(conn)
        assert referenced  # the demo has evidence files
        for sha, ref in referenced.items():
            data = server.attachments.read_bytes(sha)
            assert hashlib.sha256(data).hexdigest() == sha and len(data) == ref.size
            with local.attachments.open(sha) as fh:
                assert fh.read() == data
        # The indexes dropped for the load are all back, as the migrations make them.
        fresh = pg_server.create_database()
        Store.open(pg_server.url(fresh)).close()
        assert indexes_of(pg_server, pg_database) == indexes_of(pg_server, fresh)
        assert any("gin" in ddl for _name, ddl in indexes_of(pg_server, pg_database))
        # The sequences continue after the copied ids.
        with server.connection() as conn:
            top = conn.execute(select(func.max(Client.id))).scalar_one()
        assert parties.create_client(server, name="After the move KK").id == top + 1


def test_a_database_that_holds_records_is_refused_and_nothing_is_written(
        demo_template: Path, tmp_path: Path, pg_server, pg_database) -> None:
    url = pg_server.url(pg_database)
    with Store.open(url) as server:
        parties.create_client(server, name="Already here KK")
    with pg_server.connect(pg_database) as conn:
        audit_before = conn.execute("SELECT count(*) FROM auditevent").fetchone()[0]
    db = copy_store(demo_template, local_dir(tmp_path) / "demo.sqlite3")
    done = run("--db", str(db), "move-to", url)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("kpo-desk: The database at postgresql://kpo_admin@")
    assert "already holds records" in lines[-1] and "nothing was written" in lines[-1]
    with pg_server.connect(pg_database) as conn:
        assert conn.execute("SELECT name FROM client").fetchall() == [("Already here KK",)]
        assert conn.execute("SELECT count(*) FROM auditevent").fetchone()[0] == audit_before
        assert conn.execute("SELECT count(*) FROM attachment_blob").fetchone()[0] == 0


def test_a_non_server_url_is_refused_in_one_sentence(demo_template: Path, tmp_path: Path) -> None:
    db = copy_store(demo_template, local_dir(tmp_path) / "demo.sqlite3")
    done = run("--db", str(db), "move-to", str(tmp_path / "other.sqlite3"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is not a team server address" in done.stderr
    assert not (tmp_path / "other.sqlite3").exists()


def test_an_encrypted_store_moves_with_its_plain_bytes(demo_template: Path, tmp_path: Path,
                                                       pg_server, pg_database) -> None:
    db = copy_store(demo_template, local_dir(tmp_path) / "demo.sqlite3")
    with acquire_store_lock(db):
        convert.encrypt_store(db, PASSPHRASE, kdf=FAST)
    before = files_of(db)
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    url = pg_server.url(pg_database)
    done = run("--db", str(db), "--passphrase-file", str(secret), "move-to", url)
    assert done.returncode == 0, done.stderr
    assert files_of(db) == before
    with Store.open(db, read_only=True, passphrase=PASSPHRASE) as local, Store.open(url) as server:
        assert local.encrypted
        assert rows_of(server) == rows_of(local)
        with local.connection() as conn:
            referenced = referenced_attachments(conn)
        for sha in referenced:  # on the server: the plain bytes, under their plain SHA-256
            assert hashlib.sha256(server.attachments.read_bytes(sha)).hexdigest() == sha


def test_a_changed_local_attachment_stops_the_move_with_nothing_written(
        demo_template: Path, tmp_path: Path, pg_server, pg_database) -> None:
    db = copy_store(demo_template, local_dir(tmp_path) / "demo.sqlite3")
    with Store.open(db, read_only=True) as local:
        with local.connection() as conn:
            sha = sorted(referenced_attachments(conn))[0]
        path = local.attachments.path_of(sha)
        path.write_bytes(path.read_bytes() + b" altered")
        lines: list[str] = []
        with pytest.raises(Exception, match="has changed since it was attached") as caught:
            move_to_server(local, pg_server.url(pg_database), progress=lines.append)
    assert "Nothing was written to the server" in str(caught.value)
    assert any(line.startswith("Copied") for line in lines)  # it had started copying rows
    with pg_server.connect(pg_database) as conn:
        assert conn.execute("SELECT count(*) FROM client").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM attachment_blob").fetchone()[0] == 0
