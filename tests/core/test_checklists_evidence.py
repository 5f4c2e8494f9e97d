"""Evidence files: the round trip through the attachment folder, hostile names, huge files,
and tampering caught by the hash."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from kpo_desk.core.attachments import safe_name
from kpo_desk.core.checklists import (
    MAX_EVIDENCE_BYTES,
    add_evidence,
    attachment_problems,
    evidence_copy_for_viewing,
    evidence_path,
    list_evidence,
    remove_evidence,
)
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.store import Store
from tests.core.checklists_support import items_by_key, make_engagement, make_firm


@pytest.fixture
def item_id(store: Store) -> int:
    make_firm(store)
    return items_by_key(store, make_engagement(store).id)["nda-signed"].id


@pytest.mark.file_only  # the attachments folder itself; on a server they are rows (tests/team/test_server_attachments.py)
def test_round_trip_keeps_bytes_name_and_privacy(store: Store, item_id: int, tmp_path: Path) -> None:
    body = "Vertraulichkeitsvereinbarung – unterzeichnet 東京\n".encode() * 1000
    source = tmp_path / "NDA Zürich (signed).pdf"
    source.write_bytes(body)
    a = add_evidence(store, item_id=item_id, path=source)
    digest = hashlib.sha256(body).hexdigest()
    assert (a.sha256, a.size, a.original_name, a.checklist_item_id) == (digest, len(body),
                                                                        "NDA Zürich (signed).pdf", item_id)
    stored = evidence_path(store, a.id)
    assert stored == store.attachments_dir / digest and stored.read_bytes() == body
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.attachments_dir.stat().st_mode) == 0o700
    assert [p.name for p in store.attachments_dir.iterdir()] == [digest]  # no temporary left behind
    view = evidence_copy_for_viewing(store, a.id)
    assert view.name == "NDA Zürich (signed).pdf" and view.read_bytes() == body
    assert stat.S_IMODE(view.stat().st_mode) == 0o600
    # The same bytes again are kept once, with a second row.
    again = add_evidence(store, item_id=item_id, path=source)
    assert again.id != a.id and len(list(store.attachments_dir.iterdir())) == 1
    assert attachment_problems(store) == []


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ana\\NDA.pdf", "NDA.pdf"),
    (".hidden", "hidden"),
    ("..", "evidence"),
    ("a\x00b<c>.pdf", "a_b_c_.pdf"),
    ("x" * 300 + ".pdf", "x" * 247 + ".pdf"),
    ("invoice\u202etxt.exe", "invoicetxt.exe"),  # a right-to-left override would show "invoiceexe.txt"
    ("report\u2066.pdf\u2069", "report.pdf"),
    ("CON", "_CON"),
    ("aux.txt", "_aux.txt"),
    ("lpt1.pdf", "_lpt1.pdf"),
    ("console.pdf", "console.pdf"),
    ("trailing dot.", "trailing dot"),
])
def test_hostile_names_are_cleaned(name: str, expected: str) -> None:
    assert safe_name(name, "evidence") == expected


@pytest.mark.file_only  # the attachments folder itself; on a server they are rows (tests/team/test_server_attachments.py)
def test_a_hostile_name_never_leaves_the_folder(store: Store, item_id: int, tmp_path: Path) -> None:
    source = tmp_path / "ok.txt"
    source.write_text("evidence")
    from kpo_desk.core.checklists.evidence import store_file

    stored = store_file(store, source, name="../../../outside.txt")
    assert stored.original_name == "outside.txt"
    assert (store.attachments_dir / stored.sha256).read_text() == "evidence"
    assert not (tmp_path.parent / "outside.txt").exists()


@pytest.mark.file_only  # the attachments folder itself; on a server they are rows (tests/team/test_server_attachments.py)
def test_huge_missing_and_folder_are_refused_and_nothing_is_written(store: Store, item_id: int,
                                                                    tmp_path: Path) -> None:
    huge = tmp_path / "recording.mp4"
    with huge.open("wb") as fh:  # sparse: takes no disk space
        fh.truncate(MAX_EVIDENCE_BYTES + 1)
    before = store.table_counts()
    with pytest.raises(ValidationError, match="the limit is 200 MB") as err:
        add_evidence(store, item_id=item_id, path=huge)
    assert "recording.mp4" in err.value.message and err.value.field == "evidence"
    with pytest.raises(ValidationError, match="does not exist"):
        add_evidence(store, item_id=item_id, path=tmp_path / "absent.pdf")
    with pytest.raises(ValidationError, match="is not a file"):
        add_evidence(store, item_id=item_id, path=tmp_path)
    with pytest.raises(ValidationError, match="no checklist item"):
        add_evidence(store, item_id=99999, path=tmp_path / "absent.pdf")
    assert store.table_counts() == before
    assert list(store.attachments_dir.iterdir()) == []


@pytest.mark.file_only  # the attachments folder itself; on a server they are rows (tests/team/test_server_attachments.py)
def test_tampering_and_loss_are_detected(store: Store, item_id: int, tmp_path: Path) -> None:
    paths = []
    for n in range(3):
        p = tmp_path / f"evidence-{n}.txt"
        p.write_text(f"certificate {n}\n")
        paths.append(evidence_path(store, add_evidence(store, item_id=item_id, path=p).id))
    assert attachment_problems(store) == []
    paths[0].write_text("certificate 0 (edited)\n")  # different size
    with paths[1].open("r+b") as fh:  # same size, one byte flipped
        fh.write(b"C")
    paths[2].unlink()
    problems = attachment_problems(store)
    assert len(problems) == 3
    assert "'evidence-0.txt' has changed" in problems[0] and "'evidence-1.txt' has changed" in problems[1]
    assert "'evidence-2.txt' is missing" in problems[2]
    with pytest.raises(ValidationError, match="has changed since it was attached"):
        evidence_copy_for_viewing(store, 2)
    with pytest.raises(ValidationError, match="missing from the attachment folder"):
        evidence_path(store, 3)


@pytest.mark.file_only  # the attachments folder itself; on a server they are rows (tests/team/test_server_attachments.py)
def test_a_file_readable_by_others_is_flagged(store: Store, item_id: int, tmp_path: Path) -> None:
    p = tmp_path / "scan.pdf"
    p.write_bytes(b"%PDF")
    stored = evidence_path(store, add_evidence(store, item_id=item_id, path=p).id)
    os.chmod(stored, 0o644)
    assert attachment_problems(store) == ["attachment 1 'scan.pdf' is readable by other users (mode 644; "
                                          "expected 600)"]


@pytest.mark.file_only  # the attachments folder itself; on a server they are rows (tests/team/test_server_attachments.py)
def test_removing_evidence_is_audited_and_keeps_the_file(store: Store, item_id: int, tmp_path: Path) -> None:
    p = tmp_path / "scan.pdf"
    p.write_bytes(b"%PDF")
    a = add_evidence(store, item_id=item_id, path=p)
    old = remove_evidence(store, attachment_id=a.id)
    assert old["original_name"] == "scan.pdf"
    assert list_evidence(store, item_id) == []
    assert (store.attachments_dir / a.sha256).exists()


def test_the_name_a_file_came_with_is_kept_in_the_audit_trail(store: Store, item_id: int, tmp_path: Path) -> None:
    from sqlmodel import select

    from kpo_desk.core.models import AuditEvent

    source = tmp_path / "report\u202efdp.exe"
    source.write_text("evidence")
    a = add_evidence(store, item_id=item_id, path=source)
    assert a.original_name == "reportfdp.exe"
    with store.read() as s:
        (event,) = s.exec(select(AuditEvent).where(AuditEvent.record_type == "attachment",
                                                   AuditEvent.record_id == a.id)).all()
    import json

    assert json.loads(event.new_values)["name_as_given"] == "report\u202efdp.exe"
