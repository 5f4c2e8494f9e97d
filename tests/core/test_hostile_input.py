"""Hostile input: each gets one clear sentence and changes nothing.

docs/hostile-input.md lists what the user sees for each case tried here.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event

from kpo_desk.core import backup, restore
from kpo_desk.core.errors import KpoDeskError, StoreError, ValidationError
from kpo_desk.core.exporters.json_export import export_json
from kpo_desk.core.exporters.json_import import MAX_IMPORT_BYTES, import_json
from kpo_desk.core.exporters.tables import data_tables, table_rows
from kpo_desk.core.services import communications, engagements, parties
from kpo_desk.core.store import Store
from kpo_desk.core.validation import number, parse_date


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(store: Store) -> dict[str, list[tuple]]:
    return {t.name: list(table_rows(store, t)) for t in data_tables()}


def one_sentence(err: BaseException) -> str:
    text = str(err)
    assert text and "\n" not in text and "Traceback" not in text
    return text


# -- store files ------------------------------------------------------------------------------------
def test_truncated_store_is_refused_untouched(demo_store: Store, tmp_path: Path) -> None:
    demo_store.close()
    cut = tmp_path / "cut.sqlite3"
    data = demo_store.path.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    before = digest(cut)
    with pytest.raises(StoreError) as err:
        Store.open(cut)
    assert "damaged: the file is truncated" in one_sentence(err.value)
    assert digest(cut) == before
    with pytest.raises(StoreError, match="truncated"):
        restore.verify_backup(cut)  # nor can it be restored


def test_not_a_database_is_refused_by_restore_and_import(store: Store, tmp_path: Path) -> None:
    letter = tmp_path / "letter.zip"
    letter.write_bytes(b"Dear client, this is a letter.\n" * 50)
    with pytest.raises(StoreError, match="not a KPO Desk backup"):
        restore.restore_backup(letter, store.path)
    with pytest.raises(ValidationError, match="not an export made by KPO Desk"):
        import_json(store, letter)
    assert not any(rows_of(store).values())


# -- imports --------------------------------------------------------------------------------------
@pytest.fixture
def small_export(tmp_path: Path) -> Path:
    with Store.open(tmp_path / "src.sqlite3") as src:
        client = parties.create_client(src, name="Acme", timezone="Europe/Zurich")
        eng = engagements.create_engagement(src, client_id=client.id, title="Prior art",
                                            service_type="ip_patent")
        communications.log_communication(src, engagement_id=eng.id, channel="call", direction="outbound",
                                         occurred_at=datetime(2026, 11, 2, 9, tzinfo=UTC), subject="Kick-off")
        body = b"evidence"
        (src.attachments_dir / hashlib.sha256(body).hexdigest()).write_bytes(body)
        return export_json(src, tmp_path / "export.zip")


def rewrite(source: Path, target: Path, change) -> Path:  # noqa: ANN001
    """Copy an export zip, letting ``change(name, data)`` alter or add members."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = change(item.filename, src.read(item))
            if data is not None:
                dst.writestr(item.filename, data)
        extra = change(None, None)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return target


def edit_first_row(table: str, column: str, value):  # noqa: ANN001, ANN201
    def change(name, data):  # noqa: ANN001, ANN202
        if name != f"tables/{table}.jsonl":
            return data
        lines = data.decode().splitlines()
        columns = json.loads(lines[0])["columns"]
        row = json.loads(lines[1])
        row[columns.index(column)] = value
        lines[1] = json.dumps(row)
        return "\n".join(lines).encode()
    return change


@pytest.mark.parametrize("table, column, value, phrase", [
    ("communication", "occurred_at", "2026-02-30 09:00:00.000000", "occurred_at '2026-02-30 09:00:00.000000' is not a real date and time"),
    ("communication", "follow_up_due", "2026-13-01", "follow_up_due '2026-13-01' is not a real date"),
    ("engagement", "budget_hours", "lots", "budget_hours 'lots' is not a number"),
    ("engagement", "budget_cents", 1.5, "budget_cents '1.5' is not a whole number"),
    ("engagement", "status", "exploded", "status 'exploded' is not one of"),
    ("engagement", "code", "X" * 41, "code is too long (41 characters; the limit is 40)"),
    ("engagement", "title", None, "title is required"),
    ("client", "archived", 7, "archived '7' is not 0 or 1"),
])
def test_invalid_values_in_an_import_are_refused(small_export: Path, store: Store, tmp_path: Path,
                                                  table: str, column: str, value, phrase: str) -> None:
    bad = rewrite(small_export, tmp_path / "bad.zip", edit_first_row(table, column, value))
    with pytest.raises(ValidationError) as err:
        import_json(store, bad)
    message = one_sentence(err.value)
    assert phrase in message and "nothing was imported" in message
    assert not any(rows_of(store).values())
    assert not any(store.attachments_dir.iterdir())


def test_nan_in_an_import_is_refused(small_export: Path, store: Store, tmp_path: Path) -> None:
    def change(name, data):  # noqa: ANN001, ANN202
        if name == "tables/engagement.jsonl":
            lines = data.decode().splitlines()
            cols = json.loads(lines[0])["columns"]
            row = json.loads(lines[1])
            row[cols.index("budget_hours")] = "@NAN@"
            lines[1] = json.dumps(row).replace('"@NAN@"', "NaN")
            return "\n".join(lines).encode()
        return data
    with pytest.raises(ValidationError, match="budget_hours 'nan' is not a number"):
        import_json(store, rewrite(small_export, tmp_path / "nan.zip", change))


@pytest.mark.parametrize("evil", ["attachments/../../escaped.txt", "attachments/../x", "/etc/cron.d/x",
                                  "attachments/sub/../../../x", "attachments\\..\\x", "../tables/x.jsonl"])
def test_path_traversal_in_an_import_is_refused(small_export: Path, store: Store, tmp_path: Path,
                                                evil: str) -> None:
    bad = rewrite(small_export, tmp_path / "evil.zip", lambda n, d: d if n else {evil: b"pwned"})
    with pytest.raises(ValidationError) as err:
        import_json(store, bad)
    assert "unsafe file name" in one_sentence(err.value) or "unknown table" in str(err.value)
    assert not any(rows_of(store).values())
    assert not list(tmp_path.rglob("escaped.txt")) and not list(tmp_path.rglob("x"))


def test_path_traversal_in_a_backup_is_refused(demo_store: Store, tmp_path: Path) -> None:
    good = backup.backup_to(demo_store, tmp_path / "good.zip").path
    bad = rewrite(good, tmp_path / "evil.zip", lambda n, d: d if n else {"attachments/../../escaped": b"x"})
    target = tmp_path / "target.sqlite3"
    with pytest.raises(StoreError, match="unsafe file name"):
        restore.restore_backup(bad, target)
    assert not target.exists() and not list(tmp_path.rglob("escaped"))


def test_huge_file_given_to_import_is_refused_before_reading(store: Store, tmp_path: Path) -> None:
    huge = tmp_path / "huge.zip"
    with huge.open("wb") as fh:  # sparse: takes no disk space
        fh.truncate(MAX_IMPORT_BYTES + 1)
    with pytest.raises(ValidationError, match=r"too large \(4\.0 GB; an export is at most 4 GB\)"):
        import_json(store, huge)


def test_binary_file_given_to_import_is_refused(store: Store, tmp_path: Path) -> None:
    blob = tmp_path / "photo.jpg"
    blob.write_bytes(bytes(range(256)) * 1000)
    with pytest.raises(ValidationError, match="not an export made by KPO Desk"):
        import_json(store, blob)


def test_zip_that_is_not_an_export_and_a_damaged_zip(small_export: Path, store: Store, tmp_path: Path) -> None:
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError, match="not a KPO Desk export"):
        import_json(store, other)
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(small_export.read_bytes()[: small_export.stat().st_size // 2])
    with pytest.raises(ValidationError, match="damaged"):
        import_json(store, damaged)


def test_export_from_a_newer_version_is_refused(small_export: Path, store: Store, tmp_path: Path) -> None:
    def change(name, data):  # noqa: ANN001, ANN202
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["schema_revision"] = "9999_future"
            return json.dumps(manifest).encode()
        return data
    with pytest.raises(ValidationError, match="newer version of KPO Desk"):
        import_json(store, rewrite(small_export, tmp_path / "future.zip", change))


def test_attachment_folder_in_the_way_refuses_the_import(small_export: Path, tmp_path: Path) -> None:
    path = tmp_path / "blocked.sqlite3"
    with Store.open(path) as store:
        shutil.rmtree(store.attachments_dir)
        store.path.with_name("blocked-attachments").write_text("a file where the folder should be")
        with pytest.raises(StoreError) as err:
            import_json(store, small_export)
        assert "attachments folder" in one_sentence(err.value)
        assert not any(rows_of(store).values())


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permissions")
def test_unwritable_attachment_folder_refuses_the_import(small_export: Path, store: Store) -> None:
    os.chmod(store.attachments_dir, 0o500)
    try:
        with pytest.raises(StoreError, match="not writable"):
            import_json(store, small_export)
        assert not any(rows_of(store).values())
    finally:
        os.chmod(store.attachments_dir, 0o700)


def test_missing_attachment_folder_is_recreated_for_a_backup(demo_store: Store, tmp_path: Path) -> None:
    shutil.rmtree(demo_store.attachments_dir)
    info = backup.backup_to(demo_store, tmp_path / "b.zip")
    assert info.attachments == 0  # the records stay; the files were already gone
    assert restore.verify_backup(info.path).schema_revision == demo_store.schema_revision()


# -- full disk ----------------------------------------------------------------------------------
def test_full_disk_keeps_previous_data_and_says_so(store: Store) -> None:
    parties.create_client(store, name="Saved before", timezone="UTC")
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(store.engine, "connect")
    def tiny_disk(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")  # SQLITE_FULL past this size

    store.engine.dispose()  # the pool keeps connections: the next session's is a new one, on the small disk

    with pytest.raises(StoreError) as err:
        parties.create_client(store, name="Too much", timezone="UTC", notes="x" * 19_000)
    assert one_sentence(err.value).startswith("The disk is full: the last change was not saved")
    event.remove(store.engine, "connect", tiny_disk)
    store.engine.dispose()  # and the disk is large again
    assert [c.name for c in parties.list_clients(store)] == ["Saved before"]
    assert store.integrity_problems() == []
    parties.create_client(store, name="After space was freed", timezone="UTC")


def test_full_disk_during_backup_leaves_no_partial_file(demo_store: Store, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", no_space)
    with pytest.raises(StoreError) as err:
        backup.backup_to(demo_store, tmp_path / "b.zip")
    assert one_sentence(err.value).startswith("The disk is full: the backup b.zip was not written")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("demo")] == []


# -- typed input --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, phrase", [
    ("2026-02-30", "'2026-02-30' is not a real date."),
    ("30/02/2026", "'30/02/2026' is not a date; write it as YYYY-MM-DD."),
    ("1789-07-14", "1789-07-14 is outside 1990–2100."),
])
def test_invalid_dates_are_refused(text: str, phrase: str) -> None:
    with pytest.raises(ValidationError, match=phrase):
        parse_date(text, "due_on", "Due date")


@pytest.mark.parametrize("value, phrase", [("12,5h", "'12,5h' is not a number"), ("nan", "is not a number"),
                                           ("inf", "is not a number"), (-3, "must be between")])
def test_invalid_numbers_are_refused(value, phrase: str) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match=phrase):
        number(value, "budget_hours", "Budget hours")


def test_markup_is_stored_exactly_as_typed(store: Store) -> None:
    text = "<b>Müller & \"Söhne\"</b> <script>alert('x')</script> ]]> &amp;"
    client = parties.create_client(store, name="Markup AG", timezone="UTC", notes=text)
    assert parties.list_clients(store)[0].notes == text == client.notes


def test_errors_are_kpo_desk_errors() -> None:
    assert issubclass(StoreError, KpoDeskError) and issubclass(ValidationError, KpoDeskError)
