"""The Generate report dialog's language: defaulted from the client, changed by a person in the
real combo box, and printed; a language without a catalog is named and explained."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import text

from kpo_desk.core.models import Client, Engagement
from kpo_desk.core.store import Store
from kpo_desk.ui.reports.dialog import GenerateReportDialog
from tests.ui.helpers import open_window, when_modal


def _engagement_of(store: Store, client_prefix: str) -> tuple[int, str]:
    from sqlmodel import select

    with store.read() as s:
        rows = s.exec(select(Engagement.id, Engagement.code, Client.name)
                      .join(Client, Client.id == Engagement.client_id)
                      .where(Engagement.status == "active")).all()
    return next((eid, code) for eid, code, name in rows if name.startswith(client_prefix))


def test_german_is_picked_in_the_combo_box_and_the_report_is_german(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    window.show_view("Engagements")
    view = window.engagements
    engagement_id, code = _engagement_of(demo_store, "Αιγαίο")  # a Greek client: defaults to Greek
    view.select(engagement_id)
    tab = view.detail.reports_tab
    view.detail.setCurrentWidget(tab)
    shown: list[bytes] = []
    seen: dict[str, object] = {}

    def preview(dialog) -> None:  # noqa: ANN001
        shown.append(dialog.pdf)
        dialog.accept()

    def fill(dialog) -> None:  # noqa: ANN001
        combo = dialog.language
        seen["default"] = combo.currentData()
        combo.setFocus()
        qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)  # opens the list, as a person would
        qtbot.keyClick(combo.view(), Qt.Key.Key_Escape)
        qtbot.keyClicks(combo, "Deutsch")  # keyboard search in the closed combo box
        seen["chosen"] = combo.currentData()
        seen["note"] = dialog.language_note.isVisible()
        when_modal(preview)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    errors = when_modal(fill)
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert errors == []
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert seen == {"default": "el", "chosen": "de", "note": False}
    pdf_text = " ".join(" ".join((p.extract_text() or "").split())
                        for p in PdfReader(io.BytesIO(shown[0])).pages)
    assert "Meilensteine und Liefergegenstände" in pdf_text and "Seite 1 von" in pdf_text
    assert "Milestones and deliverables" not in pdf_text
    assert "Αιγαίο Maritime Analytics" in pdf_text, "the client's Greek name prints as typed"


def test_a_language_without_a_catalog_is_kept_and_the_dialog_says_english(qtbot, demo_store: Store) -> None:
    engagement_id, code = _engagement_of(demo_store, "Helvetia")
    with demo_store.transaction() as s:  # the client and its contacts speak Hindi (no catalog)
        client_id = s.get(Engagement, engagement_id).client_id
        s.execute(text("UPDATE client SET language = 'hi' WHERE id = :id"), {"id": client_id})
        s.execute(text("UPDATE contact SET language = 'hi' WHERE client_id = :id"), {"id": client_id})
    dialog = GenerateReportDialog(demo_store, engagement_id, code)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.language.currentData() == "hi"
    assert dialog.language_note.isVisible() and "English" in dialog.language_note.text()
    qtbot.keyClicks(dialog.language, "English")
    assert dialog.language.currentData() == "en" and not dialog.language_note.isVisible()
