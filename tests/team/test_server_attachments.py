"""Attachments on a team server live in the database (attachment_blob, migration 0006): evidence
and mail attachments go in and come back byte for byte, a private copy serves the viewer, and
``check`` sees a blob changed behind the app's back. Against the real test server."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from sqlmodel import select

from kpo_desk.core.attachments_db import DatabaseAttachmentStore
from kpo_desk.core.checklists import (
    MAX_EVIDENCE_BYTES,
    add_evidence,
    attachment_problems,
    evidence_copy_for_viewing,
)
from kpo_desk.core.errors import StoreError, ValidationError
from kpo_desk.core.mail import import_mail
from kpo_desk.core.models import Attachment
from kpo_desk.core.services import engagements, parties
from kpo_desk.core.store import Store, head_revision
from tests.core.checklists_support import items_by_key, make_engagement, make_firm
from tests.team.test_identity_security import team_db  # noqa: F401, F811 - the team fixture

MAIL = Path(__file__).parent.parent / "data" / "mail"


@pytest.fixture
def server_store(pg_server, pg_database):
    s = Store.open(pg_server.url(pg_database))
    yield s
    s.close()


def blob_rows(pg_server, database: str) -> dict[str, tuple[int, bytes]]:
    with pg_server.connect(database) as conn:
        return {sha: (size, bytes(data)) for sha, size, data
                in conn.execute("SELECT sha256, size, data FROM attachment_blob")}


def test_migration_makes_the_blob_table_on_the_server_only(server_store: Store, pg_server, pg_database,
                                                           tmp_path: Path) -> None:
    assert server_store.schema_revision() == head_revision()
    with pg_server.connect(pg_database) as conn:
        cols = conn.execute("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                            "WHERE table_name = 'attachment_blob' ORDER BY ordinal_position").fetchall()
        pk = conn.execute("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                          "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'attachment_blob'::regclass "
                          "AND i.indisprimary").fetchall()
    assert cols == [("sha256", "text", "NO"), ("size", "bigint", "NO"), ("data", "bytea", "NO")]
    assert pk == [("sha256",)]
    assert isinstance(server_store.attachments, DatabaseAttachmentStore)
    with Store.open(tmp_path / "file.sqlite3") as file_store:  # a file store: no such table
        assert file_store.schema_revision() == head_revision()
        with file_store.connection() as conn:
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "attachment_blob" not in names


def test_evidence_round_trip_on_the_server(server_store: Store, pg_server, pg_database,
                                           tmp_path: Path) -> None:
    make_firm(server_store)
    item_id = items_by_key(server_store, make_engagement(server_store).id)["nda-signed"].id
    body = "Vertraulichkeitsvereinbarung – unterzeichnet 東京\n".encode() * 5000 + bytes(range(256))
    source = tmp_path / "NDA Zürich (signed).pdf"
    source.write_bytes(body)
    a = add_evidence(server_store, item_id=item_id, path=source)
    digest = hashlib.sha256(body).hexdigest()
    assert (a.sha256, a.size, a.original_name) == (digest, len(body), "NDA Zürich (signed).pdf")
    assert blob_rows(pg_server, pg_database) == {digest: (len(body), body)}  # in the database
    with server_store.attachments.open(digest) as fh:
        assert fh.read() == body
    assert not (tmp_path / "store-attachments").exists()  # no folder anywhere for a server store
    view = evidence_copy_for_viewing(server_store, a.id)
    assert view.name == "NDA Zürich (signed).pdf" and view.read_bytes() == body
    assert stat.S_IMODE(view.stat().st_mode) == 0o600
    assert stat.S_IMODE(view.parent.stat().st_mode) == 0o700
    # The same bytes again: a second row, one blob.
    again = add_evidence(server_store, item_id=item_id, path=source)
    assert again.id != a.id and len(blob_rows(pg_server, pg_database)) == 1
    assert attachment_problems(server_store) == []
    with pytest.raises(StoreError, match="kept in the database"):
        server_store.attachments.path_of(digest)


def test_size_limit_and_a_failed_transaction_leave_no_blob(server_store: Store, pg_server, pg_database,
                                                           tmp_path: Path) -> None:
    make_firm(server_store)
    item_id = items_by_key(server_store, make_engagement(server_store).id)["nda-signed"].id
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF" + b"x" * 5000)
    with pytest.raises(ValidationError, match="grew beyond"):
        server_store.attachments.put_file(source, name="scan.pdf", limit=1000, what="evidence file")
    assert blob_rows(pg_server, pg_database) == {}
    with pytest.raises(ValidationError):  # an unknown item: the blob written first is removed again
        add_evidence(server_store, item_id=item_id + 10_000, path=source)
    assert blob_rows(pg_server, pg_database) == {}
    # Inside a unit of work that fails, the blob goes with the rows.
    with pytest.raises(RuntimeError), server_store.transaction():
        server_store.attachments.put_bytes(b"rolled back", name="x.txt")
        raise RuntimeError("boom")
    assert blob_rows(pg_server, pg_database) == {}
    assert MAX_EVIDENCE_BYTES == 200 * 1024 * 1024  # the same limit as a folder store's


def test_mail_attachments_on_the_server(server_store: Store, pg_server, pg_database) -> None:
    client = parties.create_client(server_store, name="Kansai Biotech KK", timezone="Asia/Tokyo")
    eng = engagements.create_engagement(server_store, client_id=client.id, title="Prior-art search",
                                        service_type="ip_patent", code="KANSAI-2026-001")
    result = import_mail(server_store, [MAIL / "03-outbound-base64-attachments.eml"], engagement_id=eng.id)
    assert result.failed == [] and len(result.imported) == 1
    with server_store.read() as s:
        rows = s.exec(select(Attachment).order_by(Attachment.id)).all()
    assert [r.original_name for r in rows] == ["Prior-art report.pdf", "Grüße.txt"]
    blobs = blob_rows(pg_server, pg_database)
    assert set(blobs) == {r.sha256 for r in rows}
    pdf = server_store.attachments.read_bytes(rows[0].sha256)
    assert pdf.startswith(b"%PDF-1.4") and len(pdf) == rows[0].size == blobs[rows[0].sha256][0]
    assert hashlib.sha256(pdf).hexdigest() == rows[0].sha256
    assert server_store.attachments.read_bytes(rows[1].sha256).decode() == "Grüße – notes for the team\n"
    assert attachment_problems(server_store) == []


def test_check_reports_a_tampered_and_a_missing_blob(server_store: Store, pg_server, pg_database,
                                                     tmp_path: Path) -> None:
    make_firm(server_store)
    item_id = items_by_key(server_store, make_engagement(server_store).id)["nda-signed"].id
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    first.write_bytes(b"%PDF-1.4 first")
    second.write_bytes(b"%PDF-1.4 second")
    a = add_evidence(server_store, item_id=item_id, path=first)
    b = add_evidence(server_store, item_id=item_id, path=second)
    assert attachment_problems(server_store) == []
    with pg_server.connect(pg_database) as conn:
        conn.execute("UPDATE attachment_blob SET data = %s WHERE sha256 = %s", (b"%PDF-1.4 forged", a.sha256))
        conn.execute("DELETE FROM attachment_blob WHERE sha256 = %s", (b.sha256,))
    problems = attachment_problems(server_store)
    assert problems == [f"attachment {a.id} 'a.pdf' has changed since it was attached (its SHA-256 no "
                        "longer matches)",
                        f"attachment {b.id} 'b.pdf' is missing from the team server's attachment table "
                        f"({server_store.location})"]
    with pytest.raises(ValidationError, match="has changed since it was attached"):
        evidence_copy_for_viewing(server_store, a.id)
    # Attaching the true bytes again heals the forged blob.
    add_evidence(server_store, item_id=item_id, path=first)
    assert blob_rows(pg_server, pg_database)[a.sha256][1] == b"%PDF-1.4 first"


def test_an_analyst_adds_evidence_and_sees_only_the_blobs_of_their_engagements(team_db, tmp_path: Path) -> None:  # noqa: F811
    """With team mode's row-level security: an analyst stores evidence on their engagement's
    item (blobs: insert only), reads it back, cannot read another engagement's blob through the
    app or plain SQL, and a failed save by an analyst still reports its own error."""
    from kpo_desk.core.checklists.workflow import list_items

    with team_db.open("mina") as manager:
        ben_item = list_items(manager, team_db.e2)[0].id
        ben_file = tmp_path / "globex-secret.pdf"
        ben_file.write_bytes(b"%PDF-1.4 Globex market study, confidential")
        ben_sha = add_evidence(manager, item_id=ben_item, path=ben_file).sha256
    with team_db.open("asha") as asha:
        item = list_items(asha, team_db.e1)[0].id
        mine = tmp_path / "acme-nda.pdf"
        mine.write_bytes(b"%PDF-1.4 Acme NDA, signed")
        a = add_evidence(asha, item_id=item, path=mine)
        assert evidence_copy_for_viewing(asha, a.id).read_bytes() == mine.read_bytes()
        assert asha.attachments.exists(a.sha256) and not asha.attachments.exists(ben_sha)
        with pytest.raises(FileNotFoundError):
            asha.attachments.read_bytes(ben_sha)
        assert attachment_problems(asha) == []
        # The same bytes as Ben's hidden file: stored without error, and without seeing his row.
        twin = tmp_path / "copy-of-globex.pdf"
        twin.write_bytes(ben_file.read_bytes())
        assert asha.attachments.put_file(twin, name="twin.pdf", limit=1000).created is False
        with pytest.raises(ValidationError):  # an item she cannot see: her error, not a refusal
            add_evidence(asha, item_id=ben_item, path=tmp_path / "acme-nda.pdf")
    with team_db.sql("asha") as conn:
        assert conn.execute("SELECT sha256 FROM attachment_blob").fetchall() == [(a.sha256,)]
    with team_db.open("mina") as manager:
        assert manager.attachments.read_bytes(ben_sha) == ben_file.read_bytes()
