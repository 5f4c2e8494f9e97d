"""Issue 7 in the GUI: generate from an engagement, preview with QtPdf, save, and reopen from history."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.store import Store
from tests.ui.helpers import open_window, when_modal


def test_generate_preview_save_and_reopen(qtbot, demo_store: Store, tmp_path: Path) -> None:
    window = open_window(qtbot, demo_store)
    window.show_view("Engagements")
    view = window.engagements
    row = next(view.model.row_at(i) for i in range(view.model.total())
               if view.model.row_at(i).status == EngagementStatus.ACTIVE)
    view.select(row.id)
    tab = view.detail.reports_tab
    view.detail.setCurrentWidget(tab)
    before = tab.model.total()
    saved = tmp_path / "report.pdf"
    pages: list[int] = []

    def preview(dialog) -> None:  # noqa: ANN001
        pages.append(dialog.page_count())
        dialog.save_as(str(saved))
        dialog.accept()

    def fill(dialog) -> None:  # noqa: ANN001
        dialog.inputs["summary"].setPlainText("Claim charts delivered; <b>no</b> blockers & on plan.")
        dialog.inputs["recipient"].setText("Dr. Hiroshi Sato")
        dialog.sections["risks"].setChecked(False)
        when_modal(preview)  # the preview opens once the report is generated
        dialog.save()

    errors = when_modal(fill)
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert errors == []
    qtbot.waitUntil(lambda: saved.exists())
    assert pages and pages[0] >= 1, "QPdfView loaded the generated PDF"
    text = "\n".join(page.extract_text() for page in PdfReader(saved).pages)
    assert "<b>no</b> blockers & on plan" in text
    assert row.code in text
    qtbot.waitUntil(lambda: tab.model.total() == before + 1)
    record = tab.model.row_at(0)
    assert record.recipient == "Dr. Hiroshi Sato"
    assert record.sha256 == hashlib.sha256(saved.read_bytes()).hexdigest()
    notes: list[str] = []

    def reopened(dialog) -> None:  # noqa: ANN001
        notes.append(dialog.findChildren(type(dialog.view))[0] is not None and dialog.layout().itemAt(0).widget().text())
        dialog.accept()

    errors = when_modal(reopened)
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.reopen_button, Qt.MouseButton.LeftButton)
    assert errors == []
    assert "identical" in notes[0]
