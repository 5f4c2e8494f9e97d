"""Mail in (issue 6): dropping files on an engagement, or Import mail…, logs the real .eml files and
reports every file of the batch: imported, skipped as a duplicate, or refused with its reason."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox, QToolButton
from sqlmodel import select

from kpo_desk.core.models import Communication
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from tests.ui.helpers import open_engagement_log, when_modal

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def _engagement(store: Store) -> int:
    client = parties.create_client(store, name="Sato Seimitsu", timezone="Asia/Tokyo", language="ja")
    return eng.create_engagement(store, client_id=client.id, title="Prior-art search", service_type="ip_patent").id


def _read_box(messages: list[str]):  # noqa: ANN202
    def read(box: QMessageBox) -> None:
        messages.append(f"{box.text()}\n{box.informativeText()}")
        box.accept()

    return read


def test_drop_mail_on_an_engagement(qtbot, store: Store, tmp_path: Path) -> None:
    _window, log = open_engagement_log(qtbot, store, _engagement(store))
    timesheet = tmp_path / "timesheet.csv"
    timesheet.write_text("date,hours\n2026-03-02,4\n", encoding="utf-8")
    files = [MAIL / "01-japanese-iso2022jp.eml", MAIL / "02-german-umlaut-qp.eml", MAIL / "06-broken.eml",
             timesheet]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    messages: list[str] = []
    errors = when_modal(_read_box(messages), kind=QMessageBox)
    assert log.acceptDrops()
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    log.dragEnterEvent(enter)
    assert enter.isAccepted(), "files are welcome on an engagement"
    # Offscreen Qt delivers no drop without a real drag session, so the handler is called as Qt would.
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    log.dropEvent(drop)
    qtbot.waitUntil(lambda: bool(messages), timeout=60_000)
    assert errors == []
    text = messages[0]
    assert "2 messages imported" in text
    assert "• timesheet.csv is not a mail file (.eml, .mbox, .msg)" in text, text
    assert "• 06-broken.eml is not a mail message" in text
    assert "• 01-japanese-iso2022jp.eml: imported" in text
    with store.read() as s:
        subjects = sorted(c.subject for c in s.exec(select(Communication)))
    assert len(subjects) == 2 and any(any(ord(ch) > 0x3000 for ch in subj) for subj in subjects)
    qtbot.waitUntil(lambda: log.model.total() == 2)


def test_import_mail_button_reports_every_file_of_a_mixed_selection(qtbot, store: Store, tmp_path: Path,
                                                                    monkeypatch) -> None:
    _window, log = open_engagement_log(qtbot, store, _engagement(store))
    notes = tmp_path / "notes.txt"
    notes.write_text("call Dr. Sato", encoding="utf-8")
    picked = [MAIL / "01-japanese-iso2022jp.eml", MAIL / "07-duplicate-of-01.eml", MAIL / "04-alternative.eml",
              notes, MAIL / "06-broken.eml"]
    monkeypatch.setattr(log, "ask_mail_paths", lambda: [str(p) for p in picked])
    button = next(b for b in log.findChildren(QToolButton) if b.defaultAction() is log.import_action)
    assert button.isVisible() and button.isEnabled()
    messages: list[str] = []
    errors = when_modal(_read_box(messages), kind=QMessageBox)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=60_000)
    assert errors == []
    lines = [line for line in messages[0].splitlines() if line.startswith("• ")]
    assert lines == [
        "• 01-japanese-iso2022jp.eml: imported",
        "• 07-duplicate-of-01.eml: skipped (already imported)",
        "• 04-alternative.eml: imported",
        "• notes.txt is not a mail file (.eml, .mbox, .msg)",
        "• 06-broken.eml is not a mail message (no From, Date, Message-ID or Subject header)",
    ]
    assert messages[0].startswith("2 messages imported, 1 already imported, so skipped, 2 could not be imported.")
    qtbot.waitUntil(lambda: log.model.total() == 2)
