"""Issue 5: complete an item with evidence, verify it as another person, and watch the score and gate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from kpo_desk.core import checklists as cl
from kpo_desk.core.enums import ChecklistState, EngagementStatus
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.ui.common.forms import RecordDialog
from tests.ui.helpers import open_window, when_modal


def test_complete_with_evidence_then_verify_changes_score_and_gate(qtbot, store: Store, tmp_path: Path) -> None:
    client = parties.create_client(store, name="Helvetia Pharma AG", timezone="Europe/Zurich")
    priya = parties.create_staff(store, name="Priya Nair", role="Engagement manager")
    parties.create_staff(store, name="Hannah Becker", role="QA lead")
    e = eng.create_engagement(store, client_id=client.id, title="Clinical study report",
                              service_type="medical_clinical", lead_id=priya.id)
    eng.change_status(store, e.id, EngagementStatus.ONBOARDING)
    nda = tmp_path / "NDA signed — Helvetia.pdf"
    nda.write_bytes(b"%PDF-1.4 signed NDA scan\n")
    window = open_window(qtbot, store)
    window.show_view("Engagements")
    window.engagements.select(e.id)
    detail = window.engagements.detail
    tab = detail.checklist_tab
    detail.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.total() > 0)
    row = tab.model.row_of(lambda line: "NDA" in line.text)
    assert row >= 0, "the common template's NDA control is on every engagement"
    tab.table.selectRow(row)
    item_text = tab.model.row_at(row).text
    score_before = tab.score.text()
    assert item_text[:30] in tab.gate.text(), "the gate message names the open NDA item"

    def complete(dialog: RecordDialog) -> None:
        dialog.inputs["done_by_id"].setCurrentIndex(dialog.inputs["done_by_id"].findText("Priya Nair — Engagement manager"))
        dialog.inputs["note"].setPlainText("Countersigned copy received by courier.")
        dialog.inputs["evidence"].setText(str(nda))
        dialog.save()

    errors = when_modal(complete)
    qtbot.mouseClick(tab.buttons["done"], Qt.MouseButton.LeftButton)
    assert errors == []
    line = tab.model.row_at(tab.model.row_of(lambda r: r.text == item_text))
    assert line.done_by == "Priya Nair" and line.evidence_files == 1 and not line.verified_by
    stored = cl.list_evidence(store, line.item_id)[0]
    assert stored.original_name == nda.name and (store.attachments_dir / stored.sha256).exists()
    assert tab.score.text() == score_before, "done is not enough: the score counts verified controls"

    def verify_as_doer(dialog: RecordDialog) -> None:
        combo = dialog.inputs["verified_by_id"]
        assert combo.findText("Priya Nair — Engagement manager") < 0, "four eyes: the doer is not offered"
        assert combo.currentText() == "Hannah Becker — QA lead", "someone four eyes allows is proposed"
        dialog.save()

    tab.table.selectRow(tab.model.row_of(lambda r: r.text == item_text))
    errors = when_modal(verify_as_doer)
    qtbot.mouseClick(tab.buttons["verify"], Qt.MouseButton.LeftButton)
    assert errors == []
    line = tab.model.row_at(tab.model.row_of(lambda r: r.text == item_text))
    assert line.verified_by == "Hannah Becker"
    assert tab.score.text() != score_before
    assert item_text[:30] not in tab.gate.text()
    assert item_text not in eng.gate_blockers(store, e.id, EngagementStatus.ACTIVE)
    # Ctrl+Z takes the steps back one at a time (verify, then done), and Ctrl+Shift+Z redoes them;
    # each is its own audited change. The evidence stays attached: evidence is never deleted.
    def line_now():  # noqa: ANN202
        return tab.model.row_at(tab.model.row_of(lambda r: r.text == item_text))

    assert window.undo_stack.undoText().startswith("Verify: ")
    window.undo_action.trigger()
    assert (line_now().done_by, line_now().verified_by) == ("Priya Nair", "")
    assert tab.score.text() == score_before
    window.undo_action.trigger()
    assert line_now().state == ChecklistState.OPEN and not line_now().done_by and line_now().evidence_files == 1
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert line_now().verified_by == "Hannah Becker" and tab.score.text() != score_before
    # Someone reopens it after the redo: the undo of "Verify" leaves it alone and says why.
    cl.reopen_item(store, item_id=line_now().item_id, reason="Copy found unsigned")
    window.undo_action.trigger()
    assert line_now().state == ChecklistState.OPEN and "has changed since" in window.statusBar().currentMessage()
