"""Crafted exports and backups (issue 17): each is refused with one sentence naming what is
wrong, and nothing is written. Every file here is made by the test itself, by editing a real
export or backup. docs/hostile-input.md lists what the user sees for each."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import string
import warnings
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Column, LargeBinary, MetaData, String, Table

from kpo_desk.core import backup, restore
from kpo_desk.core.errors import KpoDeskError, StoreError, ValidationError
from kpo_desk.core.exporters import json_import
from kpo_desk.core.exporters.json_export import export_json
from kpo_desk.core.exporters.json_import import TEXT_LIMITS, import_json, line_limit, text_limit
from kpo_desk.core.exporters.tables import data_tables, table_rows
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store


def rows_of(store: Store) -> dict[str, list[tuple]]:
    return {t.name: list(table_rows(store, t)) for t in data_tables()}


def one_sentence(err: BaseException) -> str:
    text = str(err)
    assert text and "\n" not in text and "Traceback" not in text
    return text


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}


def rewrite(source: Path, target: Path, change, extra: list[tuple[str, bytes]] = ()) -> Path:  # noqa: ANN001
    """Copy a zip; ``change(name, data)`` returns the new bytes, or None to drop the member."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = change(item.filename, src.read(item))
            if data is not None:
                dst.writestr(item.filename, data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we plant
            for name, data in extra:
                dst.writestr(name, data)
    return target


def keep(name: str, data: bytes) -> bytes:
    return data


def edit_table(table: str, edit):  # noqa: ANN001, ANN201
    """A ``change`` that lets ``edit(columns, rows)`` alter the parsed rows of one table file."""
    def change(name: str, data: bytes) -> bytes:
        if name != f"tables/{table}.jsonl":
            return data
        lines = data.decode().splitlines()
        columns = json.loads(lines[0])["columns"]
        rows = [json.loads(line) for line in lines[1:]]
        edit(columns, rows)
        return "\n".join([lines[0], *(json.dumps(r) for r in rows)]).encode()
    return change


def set_value(table: str, column: str, value, row: int = 0):  # noqa: ANN001, ANN201
    def edit(columns: list[str], rows: list[list]) -> None:
        rows[row][columns.index(column)] = value
    return edit_table(table, edit)


def random_text(n: int) -> str:
    """Text that does not compress much (so the zip limits do not refuse it first)."""
    rng = random.Random(n)
    return "".join(rng.choices(string.ascii_letters + " ", k=n))


@pytest.fixture(scope="module")
def demo_export(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-export")
    shutil.copy2(demo_template, folder / "demo.sqlite3")
    shutil.copytree(demo_template.with_name("demo-attachments"), folder / "demo-attachments")
    with Store.open(folder / "demo.sqlite3") as src:
        return export_json(src, folder / "export.zip")


@pytest.fixture(scope="module")
def demo_backup(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-backup")
    shutil.copy2(demo_template, folder / "demo.sqlite3")
    shutil.copytree(demo_template.with_name("demo-attachments"), folder / "demo-attachments")
    with Store.open(folder / "demo.sqlite3") as src:
        return backup.backup_to(src, folder / "backup.zip").path


def refused_import(store: Store, bad: Path, phrase: str) -> str:
    with pytest.raises(ValidationError) as err:
        import_json(store, bad)
    message = one_sentence(err.value)
    assert phrase in message, message
    assert message.startswith(f"Cannot import {bad.name}: ") and message.endswith("nothing was imported.")
    assert not any(rows_of(store).values())
    assert files_of(store.attachments_dir) == {}
    return message


def attachment_shas(export: Path) -> list[str]:
    with zipfile.ZipFile(export) as zf:
        return sorted(n.removeprefix("attachments/") for n in zf.namelist() if n.startswith("attachments/"))


# -- values: types, characters, lengths, the forms' rules ------------------------------------------
def test_base64_is_refused_in_a_text_column(demo_export: Path, store: Store, tmp_path: Path) -> None:
    bad = rewrite(demo_export, tmp_path / "b64.zip", set_value("client", "name", {"$base64": "QWNtZQ=="}))
    refused_import(store, bad, "client row 1: name holds binary data ($base64), but it is not a binary column")


def test_base64_is_taken_only_by_a_binary_column() -> None:
    table = Table("blobs", MetaData(), Column("data", LargeBinary), Column("label", String(20)))
    assert json_import._checker(table.c.data)({"$base64": "AAEC"}) == b"\x00\x01\x02"
    with pytest.raises(ValueError, match="label holds binary data"):
        json_import._checker(table.c.label)({"$base64": "AAEC"})
    with pytest.raises(ValueError):
        json_import._checker(table.c.data)({"$base64": "not base64!"})


@pytest.mark.parametrize("table, column, value, phrase", [
    ("client", "notes", "before\x00after", "client row 1: notes contains control characters"),
    ("communication", "subject", "Kick-off\x1b[2J", "communication row 1: subject contains control characters"),
    ("auditevent", "actor", "root\x07", "auditevent row 1: actor contains control characters"),
    ("client", "name", "\ud800", "client row 1: name is not valid text"),
    ("client", "notes", "x" * 20_001, "client row 1: notes is too long (20,001 characters; the limit is 20,000)"),
    ("engagement", "status", ["active"], "engagement row 1: status '['active']' is not one of"),
    ("engagement", "budget_hours", 10**30, "engagement row 1: budget_hours '" + str(10**30) + "' is not a number"),
    ("attachment", "sha256", "../../../../etc/passwd", "attachment row 1: sha256 '../../../../etc/passwd' is not a SHA-256"),
    ("attachment", "sha256", "A" * 64, "is not a SHA-256 (64 lowercase hex digits)"),
])
def test_values_editing_refuses_are_refused(demo_export: Path, store: Store, tmp_path: Path,
                                            table: str, column: str, value, phrase: str) -> None:
    bad = rewrite(demo_export, tmp_path / "bad.zip", set_value(table, column, value))
    refused_import(store, bad, phrase)


@pytest.mark.parametrize("table, column, value, phrase", [
    ("client", "timezone", "Mars/Olympus_Mons",
     "client row 1, field timezone: 'Mars/Olympus_Mons' is not a known time zone"),
    ("client", "language", "Klingon!", "client row 1, field language: 'Klingon!' is not a language code"),
    ("contact", "email", "not an address", "contact row 1, field email: E-mail 'not an address' is not an e-mail"),
    ("engagement", "code", "lower case", "engagement row 1, field code: Code 'LOWER CASE' must be 3–40 capital"),
    ("engagement", "currency", "E1R", "engagement row 1, field currency: 'E1R' is not a three-letter currency"),
    ("engagement", "client_id", 999_999, "engagement row 1, field client_id"),
    ("timeentry", "hours", 25.0, "timeentry row 1, field hours: Hours must be between 0.01 and 24"),
    ("risk", "likelihood", 9, "risk row 1, field likelihood: Likelihood must be between 1 and 5"),
    ("milestone", "due_on", "1789-07-14", "milestone row 1, field due_on: Due date 1789-07-14 is outside"),
    ("communication", "body", "x" * 1000 + "\x0c", "communication row 1: body contains control characters"),
])
def test_rows_go_through_the_forms_validators(demo_export: Path, store: Store, tmp_path: Path,
                                              table: str, column: str, value, phrase: str) -> None:
    bad = rewrite(demo_export, tmp_path / "bad.zip", set_value(table, column, value))
    refused_import(store, bad, phrase)


def test_a_client_name_twice_is_refused_as_editing_refuses_it(demo_export: Path, store: Store,
                                                              tmp_path: Path) -> None:
    def edit(columns: list[str], rows: list[list]) -> None:
        rows[1][columns.index("name")] = rows[0][columns.index("name")].upper()
    bad = rewrite(demo_export, tmp_path / "twice.zip", edit_table("client", edit))
    refused_import(store, bad, "field name: A client named")


def test_a_reference_to_no_row_is_named(demo_export: Path, store: Store, tmp_path: Path) -> None:
    bad = rewrite(demo_export, tmp_path / "dangling.zip", set_value("checklistitem", "engagement_id", 424242))
    refused_import(store, bad, "checklistitem row with id 1 refers to a engagement that is not in the export")


def test_every_unbounded_text_column_has_the_cap_editing_allows() -> None:
    for table in data_tables():
        for col in table.columns:
            if isinstance(col.type, String) and not getattr(col.type, "length", None):
                assert (table.name, col.name) in TEXT_LIMITS, f"{table.name}.{col.name} has no cap"
    assert set(TEXT_LIMITS) <= {(t.name, c.name) for t in data_tables() for c in t.columns}
    assert text_limit(next(t for t in data_tables() if t.name == "communication").c.body) == 2_000_000
    assert text_limit(next(t for t in data_tables() if t.name == "client").c.notes) == 20_000


def test_a_line_longer_than_any_row_is_refused_before_it_is_parsed(demo_export: Path, store: Store,
                                                                   tmp_path: Path) -> None:
    client = next(t for t in data_tables() if t.name == "client")
    long_notes = random_text(line_limit(client) + 10)
    bad = rewrite(demo_export, tmp_path / "long.zip", set_value("client", "notes", long_notes))
    refused_import(store, bad, "tables/client.jsonl line 2 is longer than any row KPO Desk writes")


def test_a_body_over_the_forms_limit_is_refused(demo_export: Path, store: Store, tmp_path: Path) -> None:
    bad = rewrite(demo_export, tmp_path / "body.zip", set_value("communication", "body", random_text(2_000_001)))
    refused_import(store, bad, "communication row 1: body is too long (2,000,001 characters; the limit is 2,000,000)")


def test_deep_nesting_in_a_row_and_in_the_manifest(demo_export: Path, store: Store, tmp_path: Path) -> None:
    deep = b"[" * 50_000 + b"]" * 50_000  # shorter than the line limit

    def row(name: str, data: bytes) -> bytes:
        return data + b"\n" + deep if name == "tables/client.jsonl" else data
    refused_import(store, rewrite(demo_export, tmp_path / "deep-row.zip", row), "is nested too deeply to be a row")
    manifest = rewrite(demo_export, tmp_path / "deep-manifest.zip",
                       lambda n, d: deep if n == "manifest.json" else d)
    refused_import(store, manifest, "its manifest is nested too deeply")


@pytest.mark.parametrize("edit, phrase", [
    (lambda m: m | {"format_version": "1"}, "its manifest does not say which version wrote it"),
    (lambda m: m | {"schema_revision": ["0001"]}, "its manifest does not say which version wrote it"),
    (lambda m: m | {"missing_attachments": "everything"}, "list of missing attachments is not one KPO Desk wrote"),
    (lambda m: [m], "its manifest is not readable"),
])
def test_malformed_manifest_values_are_refused(demo_export: Path, store: Store, tmp_path: Path,
                                               edit, phrase: str) -> None:  # noqa: ANN001
    def change(name: str, data: bytes) -> bytes:
        return json.dumps(edit(json.loads(data))).encode() if name == "manifest.json" else data
    refused_import(store, rewrite(demo_export, tmp_path / "manifest.zip", change), phrase)


# -- attachments in an export ------------------------------------------------------------------
def test_an_attachment_not_named_by_its_sha256_is_refused(demo_export: Path, store: Store,
                                                          tmp_path: Path) -> None:
    bad = rewrite(demo_export, tmp_path / "named.zip", keep, extra=[("attachments/invoice.pdf", b"%PDF")])
    refused_import(store, bad, "unsafe file name ('attachments/invoice.pdf')")


def test_attachment_bytes_must_match_the_name(demo_export: Path, store: Store, tmp_path: Path) -> None:
    first = attachment_shas(demo_export)[0]
    bad = rewrite(demo_export, tmp_path / "swapped.zip",
                  lambda n, d: b"swapped" if n == f"attachments/{first}" else d)
    refused_import(store, bad, f"attachment {first} does not match its checksum")


def test_an_export_missing_an_attachment_or_carrying_a_stray_is_refused(demo_export: Path, store: Store,
                                                                       tmp_path: Path) -> None:
    first = attachment_shas(demo_export)[0]
    gone = rewrite(demo_export, tmp_path / "gone.zip", lambda n, d: None if n == f"attachments/{first}" else d)
    refused_import(store, gone, "1 attachment file its records refer to is missing from it: '")
    stray = b"nobody refers to me"
    extra = rewrite(demo_export, tmp_path / "stray.zip", keep,
                    extra=[(f"attachments/{hashlib.sha256(stray).hexdigest()}", stray)])
    refused_import(store, extra, "it holds 1 file that no record refers to")


def test_duplicate_members_are_refused(demo_export: Path, store: Store, tmp_path: Path) -> None:
    with zipfile.ZipFile(demo_export) as zf:
        clients = zf.read("tables/client.jsonl")
    bad = rewrite(demo_export, tmp_path / "twice.zip", keep, extra=[("tables/client.jsonl", clients)])
    refused_import(store, bad, "the file name 'tables/client.jsonl' appears twice in it")


def test_the_export_carries_only_referenced_files(demo_store: Store, tmp_path: Path) -> None:
    (demo_store.attachments_dir / "added-later.txt").write_text("not part of the store")
    out = export_json(demo_store, tmp_path / "e.zip")
    with zipfile.ZipFile(out) as zf:
        names = [n for n in zf.namelist() if n.startswith("attachments/")]
    assert "attachments/added-later.txt" not in names and len(names) >= 1
    with Store.open(tmp_path / "copy.sqlite3") as copy:
        import_json(copy, out)
        assert set(files_of(copy.attachments_dir)) == {n.removeprefix("attachments/") for n in names}


# -- zip bombs and sizes ------------------------------------------------------------------------
def zeros_member(source: Path, target: Path, name: str, size: int) -> Path:
    """``source`` plus a member of ``size`` zero bytes, written in chunks (deflate makes it tiny)."""
    shutil.copyfile(source, target)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf, zf.open(name, "w", force_zip64=True) as out:
        block = bytes(1 << 20)
        for _ in range(size // len(block)):
            out.write(block)
    return target


def test_a_zip_bomb_is_refused_by_import_and_restore(demo_export: Path, demo_backup: Path, store: Store,
                                                     tmp_path: Path) -> None:
    first = attachment_shas(demo_export)[0]
    bomb = zeros_member(demo_export, tmp_path / "bomb.zip", "tables/zeros.jsonl", 300 * 1024**2)
    assert bomb.stat().st_size < 2 * 1024**2
    refused_import(store, bomb, "would unpack from")
    target = tmp_path / "target.sqlite3"
    rbomb = zeros_member(demo_backup, tmp_path / "rbomb.zip", f"attachments/{first}x", 300 * 1024**2)
    with pytest.raises(StoreError) as err:
        restore.restore_backup(rbomb, target)
    assert "(more than 200 times; a zip bomb); nothing was restored." in one_sentence(err.value)
    assert not target.exists()


def test_the_size_limit_is_sized_to_the_store(demo_backup: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(demo_backup) as zf:
        unpacked = sum(m.file_size for m in zf.infolist())
    monkeypatch.setattr(backup, "UNPACK_FLOOR", 1024)
    monkeypatch.setattr(backup, "FILE_RATIO", 1)
    small = tmp_path / "small.sqlite3"
    with Store.open(small):
        pass
    assert 2 * small.stat().st_size < unpacked
    with pytest.raises(StoreError) as err:
        restore.restore_backup(demo_backup, small)
    assert "more than this store allows" in one_sentence(err.value)
    big = tmp_path / "big.sqlite3"
    with Store.open(big):
        pass
    with big.open("ab") as fh:  # a store as large as the backup's: twice it is room enough
        fh.truncate(big.stat().st_size + unpacked)
    assert backup.unpack_budget(demo_backup.stat().st_size, big) >= unpacked


def test_sizes_are_enforced_while_extracting(demo_backup: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(demo_backup) as zf:
        member = zf.getinfo("store.sqlite3")
        with pytest.raises(StoreError, match="unpacks to more than it declares or than this store allows"):
            backup.extract_member(zf, member, tmp_path / "part", allowance=member.file_size // 2)
    assert (tmp_path / "part").stat().st_size <= member.file_size // 2


def test_too_many_members_are_refused_before_the_zip_is_opened(demo_backup: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "MAX_MEMBERS", 5)
    with pytest.raises(StoreError, match="it lists more than 5 files"):
        restore.verify_backup(demo_backup)


# -- restore: a backup is whole or refused ----------------------------------------------------------
def refused_restore(store_path: Path, bad: Path, phrase: str) -> None:
    before = store_path.read_bytes()
    attachments_before = files_of(store_path.with_name(store_path.stem + "-attachments"))
    with pytest.raises(StoreError) as err:
        restore.restore_backup(bad, store_path)
    assert phrase in one_sentence(err.value), str(err.value)
    assert "nothing was restored" in str(err.value)
    assert store_path.read_bytes() == before
    assert files_of(store_path.with_name(store_path.stem + "-attachments")) == attachments_before
    assert not list(store_path.parent.glob("*before-restore*"))


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine.sqlite3"
    with Store.open(path) as store:
        parties.create_client(store, name="Mine", timezone="UTC")
    return path


def test_a_backup_missing_every_attachment_is_refused(demo_backup: Path, mine: Path, tmp_path: Path) -> None:
    bad = rewrite(demo_backup, tmp_path / "empty.zip", lambda n, d: None if n.startswith("attachments/") else d)
    refused_restore(mine, bad, "is not a whole backup: 12 attachment files its records refer to are missing")


def test_a_backup_missing_one_attachment_names_it(demo_backup: Path, mine: Path, tmp_path: Path) -> None:
    first = attachment_shas(demo_backup)[0]
    bad = rewrite(demo_backup, tmp_path / "one.zip", lambda n, d: None if n == f"attachments/{first}" else d)
    refused_restore(mine, bad, "1 attachment file its records refer to is missing from it: '")
    with pytest.raises(StoreError, match=first[:12]):
        restore.verify_backup(bad)


def test_files_no_record_refers_to_are_refused(demo_backup: Path, mine: Path, tmp_path: Path) -> None:
    stray = b"planted"
    bad = rewrite(demo_backup, tmp_path / "stray.zip", keep,
                  extra=[(f"attachments/{hashlib.sha256(stray).hexdigest()}", stray)])
    refused_restore(mine, bad, "it holds 1 file that no record refers to")
    named = rewrite(demo_backup, tmp_path / "named.zip", keep, extra=[("attachments/added-later.txt", b"x")])
    refused_restore(mine, named, "unsafe file name ('attachments/added-later.txt')")


def test_a_bare_store_file_whose_attachments_are_elsewhere_is_refused(demo_template: Path, mine: Path) -> None:
    refused_restore(mine, demo_template, "attachment files its records refer to are missing from it")


@pytest.mark.parametrize("edit, phrase", [
    (lambda m: m | {"format_version": "one"}, "its manifest's format version 'one' is not a number"),
    (lambda m: m | {"created_at": "yesterday"}, "its manifest's time 'yesterday' is not a date and time"),
    (lambda m: m | {"created_at": 7}, "its manifest's time '7' is not a date and time"),
    (lambda m: m | {"missing_attachments": ["../x"]}, "list of missing attachments is not one KPO Desk wrote"),
    (lambda m: "[" * 100_000, "its manifest is nested too deeply"),
])
def test_malformed_backup_manifests_are_refused(demo_backup: Path, mine: Path, tmp_path: Path,
                                                edit, phrase: str) -> None:  # noqa: ANN001
    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        new = edit(json.loads(data))
        return (new if isinstance(new, str) else json.dumps(new)).encode()
    refused_restore(mine, rewrite(demo_backup, tmp_path / "m.zip", change), phrase)


def test_duplicate_members_in_a_backup_are_refused(demo_backup: Path, mine: Path, tmp_path: Path) -> None:
    first = attachment_shas(demo_backup)[0]
    with zipfile.ZipFile(demo_backup) as zf:
        data = zf.read(f"attachments/{first}")
    bad = rewrite(demo_backup, tmp_path / "dup.zip", keep, extra=[(f"attachments/{first}", data)])
    refused_restore(mine, bad, f"the file name 'attachments/{first}' appears twice in it")


def test_a_backup_of_a_store_that_had_already_lost_files_restores_the_same_store(
        demo_store: Store, tmp_path: Path) -> None:
    lost = sorted(p.name for p in demo_store.attachments_dir.iterdir())[:2]
    for name in lost:
        (demo_store.attachments_dir / name).unlink()
    info = backup.backup_to(demo_store, tmp_path / "b.zip")
    with zipfile.ZipFile(info.path) as zf:
        assert json.loads(zf.read("manifest.json"))["missing_attachments"] == lost
    before = rows_of(demo_store)
    result = restore.restore_backup(info.path, tmp_path / "again.sqlite3")
    with Store.open(result.store_path) as again:
        assert rows_of(again) == before
        assert not set(lost) & set(files_of(again.attachments_dir))


def test_refusals_are_kpo_desk_errors() -> None:
    assert issubclass(json_import.ImportRefused, KpoDeskError)
