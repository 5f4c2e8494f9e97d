"""Mail import from real .eml and .mbox files in tests/data/mail: the fields, not just no exception."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import func, select

from kpo_desk.core.attachments import safe_name
from kpo_desk.core.enums import Channel, Direction
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.mail import import_mail
from kpo_desk.core.mail.importer import infer_direction
from kpo_desk.core.models import Attachment, AuditEvent, Communication, Contact
from kpo_desk.core.search import search
from kpo_desk.core.services import communications, engagements, parties
from kpo_desk.core.services.firm_settings import update_firm_settings
from kpo_desk.core.store import Store

MAIL = Path(__file__).parent.parent / "data" / "mail"


@pytest.fixture
def firm(store: Store) -> dict:
    update_firm_settings(store, own_domains="northwind-kpo.example")
    client = parties.create_client(store, name="Kansai Biotech KK", timezone="Asia/Tokyo", language="ja")
    sato = parties.create_contact(store, client_id=client.id, name="佐藤 健二", email="kenji.sato@kansai-bio.example")
    mueller = parties.create_contact(store, client_id=client.id, name="Jürgen Müller",
                                     email="juergen.mueller@kansai-bio.example")
    priya = parties.create_staff(store, name="Priya Raman", email="priya.raman@northwind-kpo.example")
    eng = engagements.create_engagement(store, client_id=client.id, title="Prior-art search: catalysts",
                                        service_type="ip_patent", code="KANSAI-2026-001")
    return {"sato": sato.id, "mueller": mueller.id, "priya": priya.id, "eng": eng.id}


def imported_one(store: Store, firm: dict, name: str) -> Communication:
    result = import_mail(store, [MAIL / name], engagement_id=firm["eng"])
    assert result.failed == [] and len(result.imported) == 1, result
    with store.read() as s:
        return s.get(Communication, result.imported[0].communication_id)


def people(store: Store, comm: Communication) -> tuple[set[str], set[str]]:
    contacts, staff = communications.participants(store, comm.id)
    return {c.name for c in contacts}, {s.name for s in staff}


def test_japanese_encoded_words_and_iso_2022_jp_body(store: Store, firm: dict) -> None:
    c = imported_one(store, firm, "01-japanese-iso2022jp.eml")
    assert c.subject == "先行技術調査の件"
    assert c.sender == "佐藤 健二 <kenji.sato@kansai-bio.example>"
    assert c.recipients == "Priya Raman <priya.raman@northwind-kpo.example>"
    assert "先行技術調査の進捗をご報告します。" in c.body
    assert (c.channel, c.direction, c.language) == (Channel.EMAIL, Direction.INBOUND, "ja")
    assert c.occurred_at == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)  # 17:30 +0900
    assert c.message_id == "<20260302083000.4711@mail.kansai-bio.example>"
    assert people(store, c) == ({"佐藤 健二"}, {"Priya Raman"})


def test_german_umlauts_in_headers_and_quoted_printable_body(store: Store, firm: dict) -> None:
    c = imported_one(store, firm, "02-german-umlaut-qp.eml")
    assert c.subject == "Rückfragen zur Studie"
    assert c.sender.startswith("Jürgen Müller <")
    assert "佐藤 健二 <kenji.sato@kansai-bio.example>" in c.recipients
    assert "Grüße aus Zürich; die Größe der Stichprobe" in c.body
    # addresses match contacts whatever their case (Juergen.Mueller@Kansai-Bio.example)
    assert people(store, c) == ({"Jürgen Müller", "佐藤 健二"}, {"Priya Raman"})


@pytest.mark.file_only  # the attachments folder itself; on a server they are rows (tests/team/test_server_attachments.py)
def test_outbound_base64_body_and_attachments_kept_safely(store: Store, firm: dict) -> None:
    c = imported_one(store, firm, "03-outbound-base64-attachments.eml")
    assert c.direction == Direction.OUTBOUND
    assert c.body.startswith("Dear Señor Álvarez,")
    with store.read() as s:
        rows = s.exec(select(Attachment).where(Attachment.communication_id == c.id).order_by(Attachment.id)).all()
    assert [r.original_name for r in rows] == ["Prior-art report.pdf", "Grüße.txt"]  # no ../../etc/
    pdf = (store.attachments_dir / rows[0].sha256).read_bytes()
    assert pdf.startswith(b"%PDF-1.4") and len(pdf) == rows[0].size
    assert hashlib.sha256(pdf).hexdigest() == rows[0].sha256
    notes = store.attachments_dir / rows[1].sha256
    assert notes.read_text(encoding="utf-8") == "Grüße – notes for the team\n"
    for row in rows:
        assert stat.S_IMODE(os.stat(store.attachments_dir / row.sha256).st_mode) == 0o600
    assert not any(p.name.startswith(".") for p in store.attachments_dir.iterdir())


def test_multipart_alternative_prefers_the_plain_text(store: Store, firm: dict) -> None:
    c = imported_one(store, firm, "04-alternative.eml")
    assert c.body == "Plain version: we would like to invite you to speak in São Paulo."
    assert c.direction == Direction.INBOUND
    assert people(store, c) == (set(), {"Priya Raman"})  # the sender is nobody we know


def test_html_only_mail_becomes_readable_text_without_scripts_or_styles(store: Store, firm: dict) -> None:
    c = imported_one(store, firm, "05-html-only.eml")
    assert "Claim chart" in c.body
    assert "Please use the agreed format & send it by Friday." in c.body
    assert "• Independent claims first" in c.body
    assert "<https://kansai-bio.example/format>" in c.body
    for leaked in ("alert", "document.cookie", "color", "Comic Sans", "Newsletter title", "<p>", "&amp;"):
        assert leaked not in c.body


def test_a_broken_file_is_named_and_the_rest_still_imports(store: Store, firm: dict) -> None:
    files = [MAIL / "01-japanese-iso2022jp.eml", MAIL / "06-broken.eml", MAIL / "02-german-umlaut-qp.eml"]
    result = import_mail(store, files, engagement_id=firm["eng"])
    assert [i.where for i in result.imported] == ["01-japanese-iso2022jp.eml", "02-german-umlaut-qp.eml"]
    assert [f.where for f in result.failed] == ["06-broken.eml"]
    assert "06-broken.eml" in result.failed[0].reason and "not a mail message" in result.failed[0].reason
    assert "2 messages imported" in result.summary() and "1 could not be imported" in result.summary()


def counts(store: Store) -> tuple[int, int, int]:
    with store.read() as s:
        return (s.exec(select(func.count()).select_from(Communication)).one(),
                s.exec(select(func.count()).select_from(Attachment)).one(),
                s.exec(select(func.count()).select_from(AuditEvent)).one())


def test_importing_again_changes_nothing_and_says_so(store: Store, firm: dict) -> None:
    files = sorted(MAIL.glob("0*.eml"))
    first = import_mail(store, files, engagement_id=firm["eng"])
    assert len(first.imported) == 5 and len(first.duplicates) == 1  # 07 repeats 01's Message-ID
    assert first.duplicates[0].where == "07-duplicate-of-01.eml"
    before = counts(store)
    again = import_mail(store, files, engagement_id=firm["eng"])
    assert again.imported == [] and len(again.duplicates) == 6
    assert counts(store) == before
    assert "already imported" in again.summary()


def test_mbox_messages_each_import_on_their_own(store: Store, firm: dict) -> None:
    import_mail(store, [MAIL / "01-japanese-iso2022jp.eml"], engagement_id=firm["eng"])
    result = import_mail(store, [MAIL / "batch.mbox"], engagement_id=firm["eng"])
    assert [i.subject for i in result.imported] == ["Internal: staffing for the claim chart",
                                                     "Invoice question (sent without a Message-ID)"]
    assert [d.where for d in result.duplicates] == ["batch.mbox, message 3"]
    assert [f.where for f in result.failed] == ["batch.mbox"]
    assert "message 4" in result.failed[0].reason
    with store.read() as s:
        internal = s.get(Communication, result.imported[0].communication_id)
        no_id = s.get(Communication, result.imported[1].communication_id)
    assert internal.direction == Direction.INTERNAL
    assert no_id.message_id.endswith("@no-message-id.kpo-desk.invalid>")
    assert import_mail(store, [MAIL / "batch.mbox"], engagement_id=firm["eng"]).imported == []


def test_huge_unknown_and_outlook_files_are_refused_by_name(store: Store, firm: dict, tmp_path: Path) -> None:
    big = tmp_path / "big.eml"
    shutil.copy(MAIL / "02-german-umlaut-qp.eml", big)
    fake_msg = tmp_path / "meeting.msg"
    fake_msg.write_bytes(b"This is not an OLE compound file." * 10)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    result = import_mail(store, [big, fake_msg, notes, tmp_path / "absent.eml"], engagement_id=firm["eng"],
                         max_bytes=100)
    reasons = {f.where: f.reason for f in result.failed}
    assert "too large" in reasons["big.eml"]
    assert "not an Outlook message" in import_mail(store, [fake_msg], engagement_id=firm["eng"]).failed[0].reason
    assert reasons["notes.txt"] == "notes.txt is not a mail file (.eml, .mbox, .msg)"
    assert "cannot be read" in reasons["absent.eml"]
    assert counts(store)[0] == 0


@pytest.mark.file_only  # the attachments folder itself; on a server they are rows (tests/team/test_server_attachments.py)
def test_a_message_that_fails_leaves_no_row_and_no_file(store: Store, firm: dict, tmp_path: Path) -> None:
    old = tmp_path / "ancient.eml"
    text = (MAIL / "03-outbound-base64-attachments.eml").read_text()
    old.write_text(text.replace("Wed, 04 Mar 2026 11:00:00 +0530", "Wed, 04 Mar 1987 11:00:00 +0530"))
    before = counts(store)
    result = import_mail(store, [old], engagement_id=firm["eng"])
    assert [f.where for f in result.failed] == ["ancient.eml"] and "1990" in result.failed[0].reason
    assert counts(store) == before
    assert [p for p in store.attachments_dir.iterdir()] == []


def test_progress_and_cancel(store: Store, firm: dict) -> None:
    seen: list[tuple[int, int, str]] = []
    files = [MAIL / "01-japanese-iso2022jp.eml", MAIL / "02-german-umlaut-qp.eml"]
    import_mail(store, files, engagement_id=firm["eng"], progress=lambda d, t, n: seen.append((d, t, n)))
    assert seen == [(0, 2, "01-japanese-iso2022jp.eml"), (1, 2, "02-german-umlaut-qp.eml"), (2, 2, "")]
    flag = threading.Event()
    flag.set()
    result = import_mail(store, [MAIL / "04-alternative.eml"], engagement_id=firm["eng"], cancel=flag)
    assert result.cancelled and result.imported == [] and "cancelled" in result.summary()


def test_unknown_engagement_is_refused_before_reading(store: Store) -> None:
    with pytest.raises(ValidationError, match="no engagement"):
        import_mail(store, [MAIL / "01-japanese-iso2022jp.eml"], engagement_id=999)


def test_imported_mail_is_searchable_with_or_without_accents(store: Store, firm: dict) -> None:
    import_mail(store, sorted(MAIL.glob("0*.eml")), engagement_id=firm["eng"])
    assert [h.title for h in search(store, "zurich", kinds=["communication"])] == ["Rückfragen zur Studie"]
    assert [h.title for h in search(store, "senor alv", kinds=["communication"])] == [
        "Prior-art report, first draft"]
    assert [h.title for h in search(store, "先行技術調査の件", kinds=["communication"])] == ["先行技術調査の件"]


@pytest.mark.parametrize("sender, recipients, expected", [
    ("kenji@client.example", ["me@northwind-kpo.example"], Direction.INBOUND),
    ("me@northwind-kpo.example", ["kenji@client.example"], Direction.OUTBOUND),
    ("me@NORTHWIND-KPO.example", ["you@northwind-kpo.example"], Direction.INTERNAL),
    ("", [], Direction.INBOUND),
])
def test_direction_from_own_domains(sender: str, recipients: list[str], expected: Direction) -> None:
    assert infer_direction(sender.lower(), recipients, {"northwind-kpo.example"}) == expected


@given(st.text())
def test_attachment_names_never_leave_the_folder(name: str) -> None:
    safe = safe_name(name)
    assert safe and len(safe) <= 255
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert all(ord(c) >= 32 and c != "\x7f" for c in safe)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in safe)


@pytest.mark.file_only  # the attachments folder itself; on a server they are rows (tests/team/test_server_attachments.py)
def test_undoing_a_delete_brings_back_what_went_with_it(store: Store, firm: dict) -> None:
    """Deleting a message also deletes its attachments and its links to people (ON DELETE
    CASCADE); the undo of that delete puts them all back, and the files were never touched."""
    from kpo_desk.core.services import base

    c = imported_one(store, firm, "03-outbound-base64-attachments.eml")
    before_people = people(store, c)

    def attachments() -> list[tuple[int, str, str]]:
        with store.read() as s:
            return [(a.id, a.original_name, a.sha256) for a in
                    s.exec(select(Attachment).where(Attachment.communication_id == c.id).order_by(Attachment.id))]

    files = attachments()
    assert len(files) == 2 and before_people[0]
    values = communications.delete_communication(store, c.id)
    assert attachments() == [] and people(store, c) == (set(), set())
    base.restore(store, Communication, values, communications.validate_communication)
    assert attachments() == files and people(store, c) == before_people
    assert all((store.attachments_dir / sha).is_file() for _, _, sha in files)
    with store.read() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.record_type == "communication")
                       .order_by(AuditEvent.id.desc())).first()
    assert '"restored_with": 4' in event.new_values  # two files, one contact, one member of staff

    # A contact's links to the log come back with the contact.
    m = imported_one(store, firm, "02-german-umlaut-qp.eml")
    values = parties.delete_contact(store, firm["mueller"])
    assert "Jürgen Müller" not in people(store, m)[0]
    base.restore(store, Contact, values, parties.validate_contact)
    assert "Jürgen Müller" in people(store, m)[0]

    # A link whose other end has gone since is left out; the rest comes back.
    values = communications.delete_communication(store, m.id)
    parties.delete_contact(store, firm["mueller"])
    base.restore(store, Communication, values, communications.validate_communication)
    assert people(store, m) == ({"佐藤 健二"}, {"Priya Raman"})


def test_a_disguised_attachment_name_is_cleaned_and_kept_as_sent_in_the_audit_trail(
        store: Store, firm: dict, tmp_path: Path) -> None:
    """A right-to-left override makes 'invoice\u202etxt.exe' read 'invoiceexe.txt': the app shows and
    saves it as 'invoicetxt.exe', and the audit trail keeps the name the message carried."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"] = "Kenji Sato <kenji.sato@kansai-bio.example>", "priya.raman@northwind-kpo.example"
    msg["Subject"], msg["Message-ID"] = "Invoice", "<invoice-rlo@kansai-bio.example>"
    msg["Date"] = "Mon, 2 Mar 2026 09:00:00 +0000"
    msg.set_content("Please see the attachment.")
    sent = "invoice\u202etxt.exe"
    msg.add_attachment(b"MZ not really", maintype="application", subtype="octet-stream", filename=sent)
    path = tmp_path / "invoice.eml"
    path.write_bytes(bytes(msg))
    result = import_mail(store, [path], engagement_id=firm["eng"])
    assert len(result.imported) == 1, result
    with store.read() as s:
        (row,) = s.exec(select(Attachment).where(Attachment.communication_id == result.imported[0].communication_id))
        events = s.exec(select(AuditEvent).where(AuditEvent.record_type == "communication",
                                                 AuditEvent.record_id == result.imported[0].communication_id)).all()
    assert row.original_name == "invoicetxt.exe"
    import json

    assert any(sent in json.loads(e.new_values).get("attachment_names_as_sent", []) for e in events)
