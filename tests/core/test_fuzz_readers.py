"""Fuzzing the readers that take files from outside (issue 17): the export and backup manifest,
the JSON Lines rows of an export, and the mail parser. Whatever the bytes, the only outcomes are
success or the reader's refusal (a ``KpoDeskError``, which the CLI prints as one line with exit
2; for the mail parser its ``MailFormatError``, which the mail import turns into its sentence for
the file). Any other exception is a bug that would surface as exit 1 with "unexpected error"."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from kpo_desk.core import restore
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.exporters.json_export import export_json
from kpo_desk.core.exporters.json_import import ImportRefused, _load_table, import_json
from kpo_desk.core.exporters.tables import data_tables
from kpo_desk.core.mail.parse import MailFormatError, ParsedMessage, read_mail_file
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.core.validation import as_recorded

FUZZ = settings(max_examples=2000, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: JSON values, scalars to nested, with the awkward ones: huge ints, NaN, control characters.
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**60, max_value=2**70),
                         st.floats(), st.text(max_size=40), st.sampled_from(
                             ["UTC", "en", "Acme", "2026-01-02 03:04:05", "2026-02-30", "\x00", "\ud800",
                              "kpo-desk-export", "kpo-desk-backup", "a" * 300]))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4),
    st.builds(lambda v: {"$base64": v}, st.one_of(st.text(max_size=12), inner))), max_leaves=8)


def dumps(value: object) -> bytes:
    return json.dumps(value).encode()  # NaN and Infinity as JSON's extensions, lone surrogates escaped


@pytest.fixture(scope="module")
def fuzz_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def real_export(fuzz_home: Path) -> tuple[dict, list[str], list]:
    """A real export's manifest, and the client table's columns and one row."""
    with Store.open(fuzz_home / "source.sqlite3") as src:
        parties.create_client(src, name="Acme", timezone="Europe/Zurich", notes="line\tone")
        out = export_json(src, fuzz_home / "real.zip")
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        lines = zf.read("tables/client.jsonl").decode().splitlines()
    return manifest, json.loads(lines[0])["columns"], json.loads(lines[1])


@pytest.fixture(scope="module")
def target(fuzz_home: Path) -> Store:
    store = Store.open(fuzz_home / "target.sqlite3")
    yield store
    store.close()


def empty_again(store: Store) -> None:
    """Undo a successful import, so the next example imports into an empty store again."""
    with store.transaction() as session:
        conn = session.connection()
        for table in reversed(data_tables()):
            conn.exec_driver_sql(f'DELETE FROM "{table.name}"')
    for file in store.attachments_dir.iterdir():
        file.unlink()


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def import_outcome(store: Store, path: Path) -> None:
    try:
        import_json(store, path)
    except KpoDeskError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        empty_again(store)


# -- the manifest ---------------------------------------------------------------------------------
manifest_edits = st.one_of(
    st.binary(max_size=200),
    json_values.map(dumps),
    # the real manifest with the values the readers act on replaced
    st.dictionaries(st.sampled_from(["format", "format_version", "schema_revision", "missing_attachments",
                                     "created_at", "store_sha256"]),
                    json_values, min_size=1, max_size=3).map(lambda d: ("merge", d)),
)


def manifest_bytes(real: dict, edit: object) -> bytes:
    if isinstance(edit, tuple):
        return dumps(real | edit[1])
    return edit  # type: ignore[return-value]


@FUZZ
@given(edit=manifest_edits)
@example(edit=("merge", {"schema_revision": "\n"}))  # found by CI: the refusal quoted a line break
def test_fuzzed_export_manifests(edit: object, real_export: tuple, target: Store, fuzz_home: Path) -> None:
    manifest, _columns, _row = real_export
    path = write_zip(fuzz_home / "manifest.zip", {"manifest.json": manifest_bytes(manifest, edit)})
    import_outcome(target, path)


@pytest.fixture(scope="module")
def backup_parts(fuzz_home: Path) -> tuple[dict, bytes]:
    from kpo_desk.core.backup import backup_to

    with Store.open(fuzz_home / "b.sqlite3") as src:
        parties.create_client(src, name="Acme", timezone="UTC")
        out = backup_to(src, fuzz_home / "real-backup.zip").path
    with zipfile.ZipFile(out) as zf:
        return json.loads(zf.read("manifest.json")), zf.read("store.sqlite3")


@FUZZ
@given(edit=manifest_edits)
@example(edit=("merge", {"schema_revision": "\n"}))
def test_fuzzed_backup_manifests(edit: object, backup_parts: tuple, fuzz_home: Path) -> None:
    manifest, store_bytes = backup_parts
    path = write_zip(fuzz_home / "backup.zip", {"manifest.json": manifest_bytes(manifest, edit),
                                                "store.sqlite3": store_bytes})
    try:
        restore.verify_backup(path)
    except KpoDeskError as exc:
        assert str(exc) and "\n" not in str(exc)


# -- JSON Lines rows ------------------------------------------------------------------------------
@st.composite
def client_lines(draw: st.DrawFn, columns: list[str], row: list) -> bytes:
    """A client table file: the real header (or a fuzzed one), then rows that are the real row
    with fuzzed cells, fuzzed JSON, or raw bytes."""
    header = draw(st.one_of(st.just(dumps({"columns": columns})), json_values.map(dumps)))
    lines = [header]
    for number in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["cells", "json", "bytes", "real"]))
        if kind == "cells":
            cells = list(row)
            cells[columns.index("id")] = number + 1
            for _ in range(draw(st.integers(1, 3))):
                cells[draw(st.integers(0, len(cells) - 1))] = draw(json_values)
            lines.append(dumps(cells))
        elif kind == "json":
            lines.append(dumps(draw(json_values)))
        elif kind == "bytes":
            lines.append(draw(st.binary(max_size=80)).replace(b"\n", b" "))
        else:
            cells = list(row)
            cells[columns.index("id")] = number + 1
            cells[columns.index("name")] = f"Client {number}"
            lines.append(dumps(cells))
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n", b"\n\n"]))


@FUZZ
@given(data=st.data())
def test_fuzzed_table_rows(data: st.DataObject, real_export: tuple, target: Store, fuzz_home: Path) -> None:
    """The row reader itself (``_load_table``: bounded lines, JSON, column checks, the forms'
    validators), in a transaction rolled back after each example, so 2,000 fit in a minute."""
    _manifest, columns, row = real_export
    path = write_zip(fuzz_home / "rows.zip", {"tables/client.jsonl": data.draw(client_lines(columns, row))})
    client = next(t for t in data_tables() if t.name == "client")

    def refuse(why: str) -> ImportRefused:
        return ImportRefused(f"Cannot import rows.zip: {why}; nothing was imported.")

    with zipfile.ZipFile(path) as zf, target.engine.connect() as conn:
        outer = conn.begin()
        try:
            with Session(bind=conn) as session, as_recorded():
                _load_table(session, zf, zf.getinfo("tables/client.jsonl"), client, refuse)
        except KpoDeskError as exc:
            assert str(exc) and "\n" not in str(exc)
        finally:
            outer.rollback()


def test_a_whole_import_of_fuzz_like_rows_writes_what_it_read(real_export: tuple, target: Store,
                                                             fuzz_home: Path) -> None:
    """The row reader fuzzed above is the one ``import_json`` uses: a good row goes in."""
    manifest, columns, row = real_export
    table = b"\n".join([dumps({"columns": columns}), dumps(row)])
    path = write_zip(fuzz_home / "good.zip", {"manifest.json": dumps(manifest), "tables/client.jsonl": table})
    assert import_json(target, path) == {"client": 1}
    assert [c.name for c in parties.list_clients(target)] == ["Acme"]
    empty_again(target)


# -- mail -----------------------------------------------------------------------------------------
header_names = st.sampled_from(["From", "To", "Cc", "Subject", "Date", "Message-ID", "Content-Type",
                                "Content-Transfer-Encoding", "Content-Disposition", "Content-Language",
                                "MIME-Version", "X-Anything"])
header_values = st.one_of(
    st.text(max_size=60).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=60),
    st.sampled_from([b"=?utf-8?b?w7xiZXI=?=", b"=?iso-8859-1?q?M=FCller?= <m@example.com>",
                     b"=?bogus?x?zz?=", b"multipart/mixed; boundary=\"b1\"", b"text/html; charset=klingon",
                     b"base64", b"quoted-printable", b"attachment; filename=\"../../etc/passwd\"",
                     b"Mon, 32 Foo 99999 25:61:61 +9999", b"Tue, 3 Nov 2026 09:00:00 +0100",
                     b"<id@example.com>", b"a" * 2000]))


@st.composite
def mail_bytes(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=400))
    headers = draw(st.lists(st.tuples(header_names, header_values), max_size=8))
    lines = [name.encode() + b": " + value.replace(b"\n", b" ").replace(b"\r", b" ") for name, value in headers]
    body = draw(st.one_of(st.binary(max_size=300), st.sampled_from([
        b"--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename=\"x\xff.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"JVBERi0=\r\n--b1--\r\n",
        b"--b1\r\nContent-Type: text/html\r\n\r\n<p>caf\xe9<script>x</script>\r\n",
        b"=E9=\r\n=ZZ", b"!!!not base64!!!"])))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def read_all(path: Path) -> None:
    try:
        for item in read_mail_file(path):
            assert isinstance(item, ParsedMessage | MailFormatError)
            if isinstance(item, ParsedMessage):
                assert isinstance(item.subject, str) and isinstance(item.body, str)
    except MailFormatError as exc:
        assert str(exc)


@FUZZ
@given(raw=mail_bytes(), suffix=st.sampled_from([".eml", ".mbox"]))
def test_fuzzed_mail(raw: bytes, suffix: str, fuzz_home: Path) -> None:
    path = fuzz_home / f"message{suffix}"
    if suffix == ".mbox":
        raw = b"From someone@example.com Tue Nov  3 09:00:00 2026\n" + raw
    assume(raw)
    path.write_bytes(raw)
    read_all(path)


def test_an_unclosed_address_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(b"From: <\r\n\r\n")
    try:
        found = list(read_mail_file(path))
    except MailFormatError as exc:
        found = [exc]
    assert [type(x) for x in found] == [MailFormatError] and "a header cannot be read" in str(found[0])
