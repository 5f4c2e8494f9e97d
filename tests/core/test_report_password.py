"""A report password (issue 18): the client PDF encrypted with AES-256 by pypdf, read back with
pypdf: the password opens it and shows the report; without it there is no text, and its raw
bytes hold none of the report's words. The record keeps the SHA-256 of the bytes written; an
unprotected report keeps "same data, same bytes"."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError
from sqlmodel import select

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Client, ReportRecord
from kpo_desk.core.reports import generate_report, reprint_matches
from kpo_desk.core.reports.protect import protect_pdf
from tests.conftest import DEMO_TODAY
from tests.core._report_helpers import all_text, first_active, flat

MOMENT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
PASSWORD = "Blue-Harbour 4711 ü"


def readable_text(pdf: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        assert reader.decrypt(password) != 0
    return flat("\n".join(page.extract_text() or "" for page in reader.pages))


def test_a_protected_report_opens_only_with_its_password(demo_store, tmp_path: Path) -> None:
    e = first_active(demo_store)
    with demo_store.read() as s:
        client = s.get(Client, e.client_id).name
    target = tmp_path / "protected.pdf"
    made = generate_report(demo_store, engagement_id=e.id, out_path=target, today=DEMO_TODAY,
                           generated_at=MOMENT, password=PASSWORD)
    written = target.read_bytes()
    # the record keeps the hash of the bytes written, which are the protected ones
    assert made.sha256 == hashlib.sha256(written).hexdigest() == hashlib.sha256(made.pdf).hexdigest()
    with demo_store.read() as s:
        assert s.exec(select(ReportRecord).where(ReportRecord.id == made.record_id)).one().sha256 == made.sha256

    reader = PdfReader(io.BytesIO(written))
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"]
    assert (encrypt["/V"], encrypt["/R"]) == (5, 6)  # AES-256, PDF 2.0
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()  # without the password: no text at all
    assert PdfReader(io.BytesIO(written)).decrypt("Blue-Harbour 4711 u") == 0  # nor with a near miss
    for word in (e.code, client, "Status report"):
        assert word.encode() not in written and word.encode("utf-16-be") not in written

    text = readable_text(written, PASSWORD)
    assert e.code in text and client in text
    assert text == flat(all_text(generate_report(demo_store, engagement_id=e.id, today=DEMO_TODAY,
                                                 generated_at=MOMENT).pdf))


def test_protected_bytes_differ_each_time_and_plain_ones_do_not(demo_store, tmp_path: Path) -> None:
    e = first_active(demo_store)

    def make(**kw) -> bytes:  # noqa: ANN003
        return generate_report(demo_store, engagement_id=e.id, today=DEMO_TODAY, generated_at=MOMENT,
                               period_start=DEMO_TODAY.replace(month=1, day=1), period_end=DEMO_TODAY,
                               **kw).pdf

    plain_a, plain_b = make(), make()
    assert plain_a == plain_b  # same data, same bytes
    sealed_a, sealed_b = make(password=PASSWORD), make(password=PASSWORD)
    assert sealed_a != sealed_b  # random salts
    assert readable_text(sealed_a, PASSWORD) == readable_text(sealed_b, PASSWORD) == readable_text(plain_a)


def test_a_protected_record_is_compared_by_the_pdf_it_protected(demo_store) -> None:
    e = first_active(demo_store)
    made = generate_report(demo_store, engagement_id=e.id, today=DEMO_TODAY, generated_at=MOMENT,
                           password=PASSWORD)
    assert reprint_matches(demo_store, made.record_id)
    with demo_store.transaction() as s:  # the data changes: the re-print no longer matches
        client = s.get(Client, e.client_id)
        client.name = client.name + " Renamed"
        s.add(client)
    assert not reprint_matches(demo_store, made.record_id)


@pytest.mark.parametrize("password, says", [
    ("", "Type a password"),
    ("Qz7!k", "at least 8 characters"),
    ("x" * 128, "at most 127 bytes"),
    ("tab\tinside it", "control characters"),
])
def test_an_unusable_password_is_refused_and_nothing_is_written(demo_store, tmp_path: Path,
                                                                password: str, says: str) -> None:
    e = first_active(demo_store)
    with demo_store.read() as s:
        before = len(s.exec(select(ReportRecord)).all())
    with pytest.raises(ValidationError, match=says) as caught:
        generate_report(demo_store, engagement_id=e.id, out_path=tmp_path / "r.pdf", password=password)
    assert caught.value.field == "password" and (not password or password not in str(caught.value))
    assert not (tmp_path / "r.pdf").exists()
    with demo_store.read() as s:
        assert len(s.exec(select(ReportRecord)).all()) == before


def test_protect_pdf_takes_bytes_and_gives_bytes() -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Confidential prior-art summary")
    page.save()
    sealed = protect_pdf(buffer.getvalue(), "correct horse battery")
    assert isinstance(sealed, bytes) and b"prior-art" not in sealed
    assert "Confidential prior-art summary" in readable_text(sealed, "correct horse battery")
