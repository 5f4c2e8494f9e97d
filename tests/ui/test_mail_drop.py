"""Issue 6: dropping real .eml files onto an engagement logs them; the broken one is named."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from kpo_desk.core.models import Communication
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from tests.ui.helpers import open_engagement_log, when_modal

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def test_drop_mail_on_an_engagement(qtbot, store: Store) -> None:
    client = parties.create_client(store, name="Sato Seimitsu", timezone="Asia/Tokyo", language="ja")
    e = eng.create_engagement(store, client_id=client.id, title="Prior-art search", service_type="ip_patent")
    _window, log = open_engagement_log(qtbot, store, e.id)
    files = [MAIL / "01-japanese-iso2022jp.eml", MAIL / "02-german-umlaut-qp.eml", MAIL / "06-broken.eml"]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    messages: list[str] = []

    def read(box: QMessageBox) -> None:
        messages.append(box.text())
        box.accept()

    errors = when_modal(read, kind=QMessageBox)
    assert log.acceptDrops()
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    log.dragEnterEvent(enter)
    assert enter.isAccepted(), "mail files are welcome on an engagement"
    # Offscreen Qt delivers no drop without a real drag session, so the handler is called as Qt would.
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    log.dropEvent(drop)
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    assert errors == []
    assert "2 messages imported" in messages[0] and "06-broken.eml" in messages[0]
    with store.read() as s:
        subjects = sorted(c.subject for c in s.exec(select(Communication)))
    assert len(subjects) == 2 and any(any(ord(ch) > 0x3000 for ch in subj) for subj in subjects)
    qtbot.waitUntil(lambda: log.model.total() == 2)
