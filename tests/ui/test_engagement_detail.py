"""The engagement detail: the gate dialog fits the screen and lists what is open, Ctrl+M works
from every tab, the checklist's sign-off dialogs propose the right people, long controls stay
readable, dates and statuses read the same as everywhere else, and the Overview shows the same
compliance figure as the Checklist tab."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QMenu, QToolTip

from kpo_desk.core import checklists as cl
from kpo_desk.core.enums import ChecklistState, EngagementStatus
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.ui.common.forms import FieldForm, RecordDialog
from kpo_desk.ui.engagements.checklist_tab import CONTROL_COLUMN
from kpo_desk.ui.engagements.detail import OverrideDialog
from tests.ui.helpers import open_window, when_modal

#: A demo engagement in onboarding whose activation gate has open items.
BLOCKED = "BANCO-2026-001"
DATE = re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$")


def _open(qtbot, store: Store, code: str):  # noqa: ANN202
    window = open_window(qtbot, store)
    window.show_view("Engagements")
    engagement = eng.get_engagement(store, code=code)
    window.engagements.select(engagement.id)
    detail = window.engagements.detail
    assert detail.engagement_id == engagement.id
    return window, detail, engagement


def _plain_lines(html: str) -> list[str]:
    """The lines a person reads in a rich-text label."""
    doc = QTextDocument()
    doc.setHtml(html)
    text = doc.toPlainText().replace("\u00a0", " ")
    return [line.strip() for line in text.splitlines() if line.strip()]


def when_popup(qtbot, callback) -> list[str]:  # noqa: ANN001
    """Run ``callback(menu)`` once a popup menu is up (a menu's exec() blocks the click that opens it)."""
    errors: list[str] = []

    def poll() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu) or not menu.isVisible():
            QTimer.singleShot(10, poll)
            return
        try:
            callback(menu)
        except Exception as exc:  # noqa: BLE001 - reported back to the test
            errors.append(repr(exc))
            menu.close()

    QTimer.singleShot(0, poll)
    return errors


def _click_action(qtbot, menu: QMenu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text() == text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


# -- 1. the gate dialog ------------------------------------------------------------------------
def test_blocked_move_fits_the_screen_and_lists_each_open_item(qtbot, demo_store: Store) -> None:
    window, detail, engagement = _open(qtbot, demo_store, BLOCKED)
    blockers = eng.gate_blockers(demo_store, engagement.id, EngagementStatus.ACTIVE)
    assert len(blockers) >= 5, "the demo engagement needs a long list of open gate items"
    overview = detail.overview
    detail.setCurrentWidget(overview)
    seen: dict = {}

    def answer(dialog: OverrideDialog) -> None:
        qtbot.waitExposed(dialog)
        room = dialog.screen().availableGeometry()
        seen["frame"], seen["room"] = dialog.frameGeometry(), room
        button = dialog.action_button
        seen["button"] = button.rect().translated(button.mapToGlobal(QPoint(0, 0)))
        seen["lines"] = _plain_lines(dialog.message.text())
        seen["enabled_before_reason"] = button.isEnabled()
        qtbot.keyClicks(dialog.reason, "Client signed the NDA on paper; the scan follows")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    dialog_errors = when_modal(answer, kind=OverrideDialog)
    menu_errors = when_popup(qtbot, lambda menu: _click_action(qtbot, menu, "Active"))
    qtbot.mouseClick(overview.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "lines" in seen or bool(dialog_errors or menu_errors))
    assert menu_errors == [] and dialog_errors == []
    assert seen["room"].contains(seen["frame"]), f"{seen['frame']} is not inside the screen {seen['room']}"
    assert seen["room"].contains(seen["button"]), "the override button is on screen"
    lines = seen["lines"]
    assert lines[0] == (f"{BLOCKED} cannot move to Active yet: these {len(blockers)} gate items are not "
                        "done and verified."), lines[0]
    assert lines[1:] == blockers, "every open item on its own line, in order"
    assert seen["enabled_before_reason"] is False, "an override needs a reason"
    moved = eng.get_engagement(demo_store, engagement_id=engagement.id)
    assert moved.status == EngagementStatus.ACTIVE
    assert "Active" in overview.status_badge.text()


# -- 2. Ctrl+M from any tab -------------------------------------------------------------------
@pytest.mark.parametrize("tab", ["checklist_tab", "history", "milestones"])
def test_ctrl_m_opens_the_move_menu_from_any_tab(qtbot, demo_store: Store, tab: str) -> None:
    window, detail, _ = _open(qtbot, demo_store, BLOCKED)
    page = getattr(detail, tab)
    detail.setCurrentWidget(page)
    target = page.table
    target.setFocus()
    qtbot.waitUntil(target.hasFocus)
    menu = detail.overview.move_menu
    assert not menu.isVisible()
    qtbot.keyClick(target, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(menu.isVisible)
    assert [a.text() for a in menu.actions()] == ["Active", "On hold", "Cancelled"]
    assert detail.currentWidget() is page, "the menu comes up over the tab the user is on"
    assert menu.screen().availableGeometry().contains(menu.frameGeometry())
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())


# -- 3. the Done… and Verify… dialogs ---------------------------------------------------------
def _engagement_with_people(store: Store):  # noqa: ANN202
    client = parties.create_client(store, name="Helvetia Pharma AG", timezone="Europe/Zurich")
    priya = parties.create_staff(store, name="Priya Nair", role="Engagement manager")
    hannah = parties.create_staff(store, name="Hannah Becker", role="QA lead")
    omar = parties.create_staff(store, name="Omar Haddad", role="Analyst")
    e = eng.create_engagement(store, client_id=client.id, title="Clinical study report",
                              service_type="medical_clinical", lead_id=priya.id)
    eng.change_status(store, e.id, EngagementStatus.ONBOARDING)
    return e, priya, hannah, omar


def _select_item(qtbot, tab, item_id: int) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: tab.model.total() > 0)
    row = tab.model.row_of(lambda line: line.item_id == item_id)
    assert row >= 0
    tab.table.selectRow(row)


def test_done_proposes_the_owner_else_the_lead_and_verify_only_allowed_people(
        qtbot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    e, priya, hannah, omar = _engagement_with_people(store)
    owned, unowned = cl.list_items(store, e.id)[:2]
    cl.update_item(store, item_id=owned.id, owner_id=omar.id)
    cl.update_item(store, item_id=unowned.id, owner_id=None)
    window, detail, _ = _open(qtbot, store, e.code)
    tab = detail.checklist_tab
    detail.setCurrentWidget(tab)
    evidence = tmp_path / "signed NDA.pdf"
    evidence.write_bytes(b"%PDF-1.4 scan\n")
    proposed: list[str] = []

    asked: list[str] = []

    def pick_file(_form, spec, _start: str) -> str:  # noqa: ANN001 - the file dialog's seam
        asked.append(spec.label)
        return str(evidence)

    monkeypatch.setattr(FieldForm, "ask_open_path", pick_file)

    def done(dialog: RecordDialog) -> None:
        proposed.append(dialog.inputs["done_by_id"].currentText())
        assert dialog.inputs["evidence"].text() == ""
        qtbot.mouseClick(dialog.form.browse_buttons["evidence"], Qt.MouseButton.LeftButton)
        assert dialog.inputs["evidence"].text() == str(evidence)
        dialog.save()

    for item in (owned, unowned):
        _select_item(qtbot, tab, item.id)
        errors = when_modal(done, kind=RecordDialog)
        qtbot.mouseClick(tab.buttons["done"], Qt.MouseButton.LeftButton)
        assert errors == []
    assert proposed == ["Omar Haddad — Analyst", "Priya Nair — Engagement manager"], "owner, else the lead"
    assert asked == ["Evidence file", "Evidence file"], "Browse… asked for the evidence"
    assert [len(cl.list_evidence(store, item.id)) for item in (owned, unowned)] == [1, 1]

    # The owned item was done by Omar (its owner): neither may verify; the lead comes first.
    seen: dict = {}

    def verify(dialog: RecordDialog) -> None:
        combo = dialog.inputs["verified_by_id"]
        seen["offered"] = [combo.itemText(i) for i in range(combo.count())]
        seen["proposed"] = combo.currentText()
        # Meanwhile someone makes the proposed verifier the item's owner: core refuses, in a sentence.
        cl.update_item(store, item_id=owned.id, owner_id=priya.id)
        dialog.save()
        seen["refusal"] = dialog.errors["verified_by_id"].text() if dialog.errors["verified_by_id"].isVisible() \
            else dialog.general_error.text()
        seen["still_open"] = dialog.isVisible()
        combo.setCurrentIndex(combo.findText("Hannah Becker — QA lead"))
        dialog.save()

    _select_item(qtbot, tab, owned.id)
    errors = when_modal(verify, kind=RecordDialog)
    qtbot.mouseClick(tab.buttons["verify"], Qt.MouseButton.LeftButton)
    assert errors == []
    assert seen["offered"] == ["Priya Nair — Engagement manager", "Hannah Becker — QA lead"]
    assert seen["proposed"] == "Priya Nair — Engagement manager"
    assert seen["still_open"]
    assert seen["refusal"] == (f"Priya Nair owns '{owned.text}', so someone else must verify it (four eyes).")
    line = tab.model.row_at(tab.model.row_of(lambda r: r.item_id == owned.id))
    assert line.verified_by == "Hannah Becker" and line.done_by == "Omar Haddad"


# -- 4. long controls stay readable --------------------------------------------------------------
def test_long_control_text_is_elided_with_the_whole_text_in_its_tooltip(qtbot, demo_store: Store) -> None:
    window, detail, _ = _open(qtbot, demo_store, BLOCKED)
    tab = detail.checklist_tab
    detail.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.total() > 0)
    table = tab.table
    # The Control column takes all the room the other columns leave (not the last column).
    window.resize(1500, 900)
    header = table.horizontalHeader()
    others = sum(header.sectionSize(i) for i in range(header.count()) if i != CONTROL_COLUMN)
    qtbot.waitUntil(lambda: table.columnWidth(CONTROL_COLUMN) == table.viewport().width() - others)
    assert table.columnWidth(CONTROL_COLUMN) > tab.model.columns[CONTROL_COLUMN].width
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: table.columnWidth(CONTROL_COLUMN) < table.viewport().width() - 100)
    width = table.columnWidth(CONTROL_COLUMN)
    metrics = table.fontMetrics()
    row = tab.model.row_of(lambda line: metrics.horizontalAdvance(line.text) > width)
    assert row >= 0, "some control is longer than its column"
    full = tab.model.row_at(row).text
    assert table.textElideMode() != Qt.TextElideMode.ElideNone and not table.wordWrap()
    rect = table.visualRect(tab.model.index(row, CONTROL_COLUMN))
    assert rect.left() >= 0 and rect.right() <= table.viewport().width(), "the Control column is in view"
    where = rect.center()
    QApplication.sendEvent(table.viewport(),
                           QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where)))
    qtbot.waitUntil(lambda: QToolTip.isVisible())
    assert QToolTip.text() == full


# -- 5. one date format, status labels ----------------------------------------------------------
def test_dates_and_states_read_as_everywhere_else(qtbot, demo_store: Store) -> None:
    window, detail, _ = _open(qtbot, demo_store, "SATO-2025-001")
    shown = {}
    for page, column in ((detail.history, "at"), (detail.milestones, "due_on"), (detail.time, "work_date"),
                         (detail.checklist_tab, "state")):
        detail.setCurrentWidget(page)
        model = page.model
        qtbot.waitUntil(lambda m=model: m.total() > 0)
        index = next(i for i, c in enumerate(model.columns) if c.key == column)
        shown[column] = [model.data(model.index(r, index)) for r in range(model.rowCount())]
    when = shown["at"][0]
    assert DATE.match(when.rsplit(" ", 1)[0]) and re.match(r"^\d{2}:\d{2}$", when.rsplit(" ", 1)[1]), when
    assert all(DATE.match(d) for d in shown["due_on"] if d), shown["due_on"]
    assert all(DATE.match(d) for d in shown["work_date"]), shown["work_date"][:3]
    states = set(shown["state"])
    assert states <= {"Open", "Verified", "Done, not verified", "Not applicable", "Waived"}, states
    assert "Verified" in states


# -- 6. one compliance figure ------------------------------------------------------------------------
def _figure(label_html: str) -> str:
    return " ".join(_plain_lines(label_html))


def test_overview_shows_the_checklist_tabs_compliance_figure(qtbot, demo_store: Store) -> None:
    window, detail, engagement = _open(qtbot, demo_store, "SATO-2025-001")
    detail.setCurrentWidget(detail.overview)
    facts = _figure(detail.overview.facts.text())
    detail.setCurrentWidget(detail.checklist_tab)
    score = _figure(detail.checklist_tab.score.text())
    figure = cl.engagement_compliance(demo_store, engagement.id)
    assert figure.applicable and score == f"Compliance: {figure.verified} of {figure.applicable} verified " \
                                          f"({figure.percent} %)"
    assert facts.endswith("compliance " + score.removeprefix("Compliance: ")), facts
    assert "settled" not in facts


def test_no_controls_that_apply_reads_no_controls_yet(qtbot, store: Store) -> None:
    e, *_ = _engagement_with_people(store)
    for item in cl.list_items(store, e.id):
        cl.mark_not_applicable(store, item_id=item.id, reason="Pilot without client material")
    window, detail, _ = _open(qtbot, store, e.code)
    assert _figure(detail.overview.facts.text()).endswith("compliance no controls yet")
    detail.setCurrentWidget(detail.checklist_tab)
    assert _figure(detail.checklist_tab.score.text()) == "Compliance: no controls yet"
    assert "100" not in detail.checklist_tab.score.text()
    assert all(line.state == ChecklistState.NOT_APPLICABLE for line in cl.control_lines(store, e.id))
