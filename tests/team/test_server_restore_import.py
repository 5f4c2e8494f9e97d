"""A team server's backup (a logical export) loads back both ways, on the real test server (issue
19): ``kpo-desk restore`` makes it a new local file store in place of the current one (kept
aside), and ``kpo-desk import json --db postgresql://...`` loads it into an empty server database
in one transaction, attachments into the database, with the change notifications of any write.
Every row and every attachment's SHA-256 come back equal. Bad input (a damaged or foreign backup,
a database that holds records, an analyst's login) is one line, exit code 2, and nothing is
written. Commands run as real subprocesses."""

from __future__ import annotations

import hashlib
import json
import secrets
import zipfile
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kpo_desk.core import team
from kpo_desk.core.backup import referenced_attachments
from kpo_desk.core.exporters.tables import data_tables
from kpo_desk.core.move_to_server import move_to_server
from kpo_desk.core.restore import verify_backup
from kpo_desk.core.services.parties import create_client
from kpo_desk.core.store import Store, head_revision
from tests.commands import kpo as run
from tests.store_copies import copy_store
from tests.team.firm import small_firm

PASSWORD = "correct horse battery"


def rows_of(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, read through the models' types (so both engines compare)."""
    with store.connection() as conn:
        return {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in data_tables()}


def values_of(rows: dict[str, list[tuple]], table: str, column: str) -> list:
    index = [c.name for c in next(t for t in data_tables() if t.name == table).columns].index(column)
    return [row[index] for row in rows[table]]


def blob_hashes(pg_server, database: str) -> dict[str, str]:
    """Each attachment blob on the server: its name -> the SHA-256 the server computes of its bytes."""
    with pg_server.connect(database) as conn:
        return dict(conn.execute("SELECT sha256, encode(sha256(data), 'hex') FROM attachment_blob"))


def folder_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def files_beside(path: Path) -> dict[str, str]:
    """Every file in the store's folder (recursively) with its SHA-256; the store's lock file (the
    lock's own, empty, left by every command that takes it) aside."""
    return {p.relative_to(path.parent).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.parent.rglob("*")) if p.is_file() and p.suffix != ".lock"}


def one_line_refusal(done) -> str:  # noqa: ANN001 - a CompletedProcess
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def rewrite(source: Path, target: Path, change) -> Path:  # noqa: ANN001
    """A copy of a zip, ``change(name, data)`` giving each member's new bytes (None drops it)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = change(item.filename, src.read(item))
            if data is not None:
                dst.writestr(item.filename, data)
    return target


def empty_on_the_server(pg_server, database: str) -> bool:
    """No row in any table of the database (the app's, the blobs; alembic_version aside)."""
    with pg_server.connect(database) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                             "AND tablename <> 'alembic_version'")]
        return not any(conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)


@pytest.fixture(scope="module")
def server_backup(demo_template: Path, tmp_path_factory: pytest.TempPathFactory, pg_server):
    """The demo moved to a server database, and that database's backup taken with kpo-desk
    backup: (the server database, the backup, every row as the server holds it, the attachments
    its rows refer to)."""
    folder = tmp_path_factory.mktemp("server-backup")
    local = copy_store(demo_template, folder / "demo.sqlite3")
    database = pg_server.create_database()
    with Store.open(local, read_only=True) as source:
        move_to_server(source, pg_server.url(database))
    backup = folder / "server-backup.zip"
    done = run("--db", pg_server.url(database), "backup", "-o", str(backup))
    assert done.returncode == 0, done.stderr
    with Store.open(pg_server.url(database), read_only=True) as server:
        rows = rows_of(server)
        with server.connection() as conn:
            referenced = set(referenced_attachments(conn))
    assert referenced and all(rows.values())  # the demo fills every table and has evidence files
    return database, backup, rows, referenced


def a_local_store(folder: Path) -> Path:
    """A small store already in use where the restore goes (it must be kept aside, unchanged)."""
    folder.mkdir(mode=0o700)
    path = folder / "desk.sqlite3"
    with Store.open(path) as store:
        create_client(store, name="Before the restore Ltd")
    return path


# -- restore: the server's backup becomes a local store ---------------------------------------------
def test_restore_makes_the_server_backup_a_local_store_with_every_row_and_attachment(
        server_backup, pg_server, tmp_path: Path) -> None:
    database, backup, rows, referenced = server_backup
    target = a_local_store(tmp_path / "desk")
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    assert verify_backup(backup).schema_revision == head_revision()  # the GUI checks it first this way

    done = run("--db", str(target), "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert f"Restored {target} from {backup}; the previous store is kept as" in done.stdout
    assert "a team server's logical export" in done.stdout
    with Store.open(target, read_only=True) as restored:
        assert rows_of(restored) == rows  # every row, ids and audit trail included, value for value
        assert restored.schema_revision() == head_revision()
    # Every attachment its rows refer to, and nothing else, with the bytes it was attached with.
    hashes = folder_hashes(target.with_name("desk-attachments"))
    assert set(hashes) == referenced and all(name == sha for name, sha in hashes.items())
    assert set(blob_hashes(pg_server, database).values()) == referenced
    # The store it replaced is kept aside byte for byte; nothing of the scratch work is left.
    aside = sorted(target.parent.glob("desk-before-restore-*.sqlite3"))
    assert len(aside) == 1 and hashlib.sha256(aside[0].read_bytes()).hexdigest() == before
    assert not list(target.parent.glob(".kpo-desk-*"))
    assert run("--db", str(target), "check").stdout.strip() == "ok"
    with Store.open(target) as restored:  # and it is a working store: new ids follow the restored ones
        assert create_client(restored, name="After the restore Ltd").id == max(values_of(rows, "client", "id")) + 1


def test_the_windows_restore_takes_a_server_backup_too(server_backup, qtbot, tmp_path: Path) -> None:
    """File ▸ Restore goes through the same core functions: it checks the server's backup, asks
    (naming when it was taken), and puts the new local store in place of the open one."""
    from PySide6.QtWidgets import QMessageBox

    from kpo_desk.core.lock import acquire_store_lock
    from kpo_desk.ui.backup_actions import restore_from
    from kpo_desk.ui.main_window import MainWindow
    from tests.ui.helpers import when_modal

    _database, backup, rows, _referenced = server_backup
    path = a_local_store(tmp_path / "desk")
    window = MainWindow(Store.open(path), acquire_store_lock(path))
    qtbot.addWidget(window)
    window.show()
    asked: list[str] = []
    said: list[str] = []

    def tell(box: QMessageBox) -> None:
        said.append(box.text())
        box.accept()

    def confirm(box: QMessageBox) -> None:
        asked.append(box.text())
        waits.append(when_modal(tell, kind=QMessageBox))
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    waits = [when_modal(confirm, kind=QMessageBox)]
    job = restore_from(window, str(backup))
    assert job is not None
    qtbot.waitUntil(lambda: window.restart_requested, timeout=120_000)
    assert [e for errors in waits for e in errors] == []
    assert asked and "Replace the current store with the backup taken" in asked[0]
    assert said and said[0].startswith("Restored. The previous store was kept as"), said
    with Store.open(path, read_only=True) as restored:
        assert rows_of(restored) == rows


def test_restore_refuses_a_damaged_or_foreign_backup_and_writes_nothing(server_backup, tmp_path: Path) -> None:
    _database, backup, _rows, _referenced = server_backup
    target = a_local_store(tmp_path / "desk")
    before = files_beside(target)
    raw = bytearray(backup.read_bytes())
    with zipfile.ZipFile(backup) as zf:  # a byte in the middle of the first attachment's bytes
        member = next(m for m in zf.infolist() if m.filename.startswith("attachments/"))
        at = member.header_offset + 30 + len(member.filename) + member.compress_size // 2
    raw[at] ^= 0xFF
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(raw))

    def counts_more(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["counts"]["client"] += 1
        return json.dumps(manifest).encode()

    def foreign(name: str, data: bytes) -> bytes:
        return json.dumps({"format": "someone-elses-backup"}).encode() if name == "manifest.json" else data

    def orphan_rows(name: str, data: bytes) -> bytes | None:
        # Without the messages, their attachments and links refer to nothing (no form checks those).
        return None if name == "tables/communication.jsonl" else data

    cases = [
        (flipped, "cannot be restored: the file is damaged (a compressed part of it does not unpack)"),
        (rewrite(backup, tmp_path / "miscounted.zip", counts_more),
         "cannot be restored: its manifest counts"),
        (rewrite(backup, tmp_path / "foreign.zip", foreign), "is a zip file, but not a KPO Desk backup."),
        (rewrite(backup, tmp_path / "orphans.zip", orphan_rows),
         "row with id 1 refers to a communication that is not in the export; nothing was restored."),
    ]
    for bad, said in cases:
        line = one_line_refusal(run("--db", str(target), "restore", str(bad)))
        assert said in line and line.endswith("."), line
        assert files_beside(target) == before, bad.name  # nothing written beside the store either


def test_restore_of_a_server_backup_over_a_file_that_is_not_a_store_needs_force(
        server_backup, tmp_path: Path) -> None:
    _database, backup, rows, _referenced = server_backup
    (tmp_path / "desk").mkdir(mode=0o700)
    target = tmp_path / "desk" / "notes.txt"
    target.write_text("my notes, not a store\n")
    line = one_line_refusal(run("--db", str(target), "restore", str(backup)))
    assert "is not a KPO Desk store" in line and target.read_text() == "my notes, not a store\n"
    done = run("--db", str(target), "restore", "--force", str(backup))
    assert done.returncode == 0, done.stderr
    with Store.open(target, read_only=True) as restored:
        assert rows_of(restored) == rows


# -- import json into a server database -------------------------------------------------------------
@pytest.fixture(params=["superuser", "owner"])
def empty_database(request, pg_server, pg_database):
    """An empty database (no tables yet) and the login that imports into it: the cluster's
    superuser, or, as on a managed service, an ordinary login that owns the database."""
    if request.param == "superuser":
        yield pg_database, pg_server.url(pg_database)
        return
    owner = f"owner_{secrets.token_hex(3)}"
    with pg_server.connect(pg_database) as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD '{PASSWORD}'")
        conn.execute(f'ALTER DATABASE "{pg_database}" OWNER TO {owner}')
    yield pg_database, pg_server.url(pg_database, user=owner, password=PASSWORD)
    pg_server.drop_database(pg_database)
    with pg_server.connect() as conn:
        conn.execute(f'DROP ROLE IF EXISTS "{owner}"')


def test_import_json_into_an_empty_server_database_gives_the_same_rows_and_attachments(
        server_backup, pg_server, empty_database) -> None:
    _source, backup, rows, referenced = server_backup
    database, url = empty_database
    with pg_server.connect(database) as listener:
        listener.execute("LISTEN kpo_desk_changes")
        done = run("--db", url, "import", "json", str(backup))
        assert done.returncode == 0, done.stderr
        assert f"Imported {sum(map(len, rows.values())):,} rows into postgresql://" in done.stdout
        assert "team init" in done.stdout and PASSWORD not in done.stdout + done.stderr
        # Other people's sessions hear of the rows as of any other write (at the commit).
        heard = {json.loads(n.payload)["t"] for n in listener.notifies(timeout=5, stop_after=200)}
    assert {"client", "engagement", "communication", "attachment"} <= heard
    with Store.open(url) as server:
        assert rows_of(server) == rows
        # The id sequences follow the imported ids: the next record gets the next id.
        assert create_client(server, name="After the import Ltd").id == max(values_of(rows, "client", "id")) + 1
    blobs = blob_hashes(pg_server, database)
    assert set(blobs) == referenced and all(name == sha for name, sha in blobs.items())
    assert run("--db", url, "check").stdout.strip() == "ok"
    # It is then set up for the team like any new database.
    done = run("--db", url, "team", "init", "--staff", values_of(rows, "staff", "name")[0])
    assert done.returncode == 0, done.stderr


def test_import_json_refuses_bad_input_and_a_database_that_holds_records(
        server_backup, pg_server, pg_database, tmp_path: Path) -> None:
    source, backup, rows, _referenced = server_backup
    url = pg_server.url(pg_database)
    Store.open(url).close()  # the tables, no rows

    def orphan_rows(name: str, data: bytes) -> bytes | None:  # the server checks each reference itself
        return None if name == "tables/communication.jsonl" else data

    def bad_value(name: str, data: bytes) -> bytes:
        if name != "tables/client.jsonl":
            return data
        header, first, *rest = data.split(b"\n")
        columns = json.loads(header)["columns"]
        row = json.loads(first)
        row[columns.index("name")] = ""  # the client form refuses a client without a name
        return b"\n".join([header, json.dumps(row).encode(), *rest])

    raw = bytearray(backup.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(raw))
    cases = [
        (rewrite(backup, tmp_path / "orphans.zip", orphan_rows),
         "Cannot import orphans.zip: a row refers to a record that is not in the export; nothing was imported."),
        (rewrite(backup, tmp_path / "nameless.zip", bad_value), "Cannot import nameless.zip: client row 1, field name"),
        (damaged, "Cannot import damaged.zip: "),
    ]
    for bad, said in cases:
        line = one_line_refusal(run("--db", url, "import", "json", str(bad)))
        assert said in line, line
        assert empty_on_the_server(pg_server, pg_database), bad.name  # rows and blobs: none
    # A database that holds records (the one the backup was taken of) is left as it was.
    line = one_line_refusal(run("--db", pg_server.url(source), "import", "json", str(backup)))
    assert "already holds records" in line and "nothing was imported" in line
    with Store.open(pg_server.url(source), read_only=True) as server:
        assert rows_of(server) == rows


def test_an_analysts_import_is_refused_by_the_server(server_backup, pg_server, pg_database) -> None:
    """Importing is a manager's action: an analyst of the firm's team database is refused by what
    the server lets the login do, and in a new database (no grants yet) by the server itself."""
    _source, backup, _rows, _referenced = server_backup
    login = f"asha_{secrets.token_hex(3)}"
    with Store.open(pg_server.url(pg_database)) as admin:
        small_firm(admin)
        team.init_team(admin, staff="Mina Das")
        team.add_user(admin, login, staff="Asha Rao", role="analyst", password=PASSWORD)
        counts = admin.table_counts()
    fresh = pg_server.create_database()
    Store.open(pg_server.url(fresh)).close()
    try:
        line = one_line_refusal(run("--db", pg_server.url(pg_database, user=login, password=PASSWORD),
                                    "import", "json", str(backup)))
        assert f"is a manager's action, and the team server does not let {login} add rows to" in line
        assert line.endswith("nothing was imported.")
        line = one_line_refusal(run("--db", pg_server.url(fresh, user=login, password=PASSWORD),
                                    "import", "json", str(backup)))
        assert "The team server refused this: permission denied for table" in line
        with Store.open(pg_server.url(pg_database), read_only=True) as admin:
            assert admin.table_counts() == counts
        assert empty_on_the_server(pg_server, fresh)
        # The server holds the rule itself: the analyst's own SQL cannot add a client either.
        with pg_server.connect(pg_database, user=login, password=PASSWORD) as conn, \
                pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO client (name) VALUES ('Sneaky Ltd')")
    finally:
        pg_server.drop_database(fresh)
        pg_server.drop_database(pg_database)
        with pg_server.connect() as conn:
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')
