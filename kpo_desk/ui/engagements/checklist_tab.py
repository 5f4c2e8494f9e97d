"""The Checklist tab: the engagement's IP-protection controls, their evidence and sign-off."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from kpo_desk.core import checklists as cl
from kpo_desk.core.enums import ChecklistState, EngagementStatus, Gate
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.services import engagements as eng
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.forms import FieldSpec, RecordDialog
from kpo_desk.ui.common.table import Column, RowTableModel, make_table
from kpo_desk.ui.common.undo import ServiceCommand
from kpo_desk.ui.records import Editor, staff_choices

STATE_COLOURS = {ChecklistState.OPEN: QColor("#c0392b"), ChecklistState.DONE: QColor("#b9770e")}
GREEN = QColor("#1e8449")


def _state(line) -> str:  # noqa: ANN001
    if line.state == ChecklistState.DONE:
        return "verified" if line.verified_by else "done, not verified"
    return line.state.label.lower()


def _state_colour(line) -> QColor | None:  # noqa: ANN001
    if line.state == ChecklistState.DONE and line.verified_by:
        return GREEN
    return STATE_COLOURS.get(line.state)


def _gate(line) -> str:  # noqa: ANN001
    return {Gate.ACTIVATION: "to active", Gate.CLOSURE: "to close"}.get(line.gate, "")


def _expiry(line) -> str:  # noqa: ANN001
    if line.evidence_expires_on is None:
        return ""
    late = line.evidence_expires_on < date.today()
    return f"{line.evidence_expires_on}{' expired' if late else ''}"


COLUMNS = [
    Column("category", "Category", 110), Column("text", "Control", 330, tooltip=lambda r: r.text),
    Column("gate", "Gate", 70, text=_gate), Column("state", "State", 120, text=_state, colour=_state_colour,
                                                   tooltip=lambda r: r.reason or None),
    Column("owner", "Owner", 120), Column("done_by", "Done by", 120), Column("verified_by", "Verified by", 120),
    Column("due_on", "Due", 90), Column("evidence_files", "Files", 45, align_right=True),
    Column("evidence_expires_on", "Evidence expires", 110, text=_expiry),
]


class ChecklistTab(QWidget):
    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.owner_id: int | None = None
        self.model = RowTableModel(COLUMNS, lambda _k, _d: self._load(), self)
        self.table = make_table(self.model, "Checklist", sortable=False)
        self.score = QLabel()
        self.score.setAccessibleName("Compliance score")
        self.gate = QLabel(wordWrap=True)
        self.gate.setAccessibleName("Gate status")
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (("done", "Done…", self.complete), ("verify", "Verify…", self.verify),
                                ("na", "Not applicable…", self.not_applicable), ("waive", "Waive…", self.waive),
                                ("reopen", "Reopen", self.reopen), ("evidence", "Open evidence", self.open_evidence)):
            button = QPushButton(text)
            button.setAccessibleName(f"Checklist {key}")
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.score)
        layout.addWidget(self.gate)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        bus().changed.connect(self._on_changed)

    def _load(self) -> list:
        return cl.control_lines(self.editor.store, self.owner_id) if self.owner_id is not None else []

    def show_owner(self, engagement_id: int | None) -> None:
        self.owner_id = engagement_id
        self.reload()

    def reload(self) -> None:
        current = self.current()
        self.model.reload()
        if current is not None:
            row = self.model.row_of(lambda r: r.item_id == current.item_id)
            if row >= 0:
                self.table.selectRow(row)
        if self.owner_id is None:
            self.score.setText("")
            self.gate.setText("")
            return
        store = self.editor.store
        score = cl.engagement_compliance(store, self.owner_id)
        self.score.setText(f"<b>Compliance:</b> {escape(str(score))}")
        status = eng.get_engagement(store, engagement_id=self.owner_id).status
        target = {EngagementStatus.ONBOARDING: EngagementStatus.ACTIVE, EngagementStatus.PROPOSED:
                  EngagementStatus.ACTIVE, EngagementStatus.ACTIVE: EngagementStatus.CLOSED,
                  EngagementStatus.ON_HOLD: EngagementStatus.CLOSED}.get(status)
        blockers = eng.gate_blockers(store, self.owner_id, target) if target else []
        if target is None:
            self.gate.setText("")
        elif blockers:
            # Open close-out items are normal while work goes on; open activation items are a blocker.
            colour = "#c0392b" if target == EngagementStatus.ACTIVE else "gray"
            self.gate.setText(f"<span style='color:{colour}'>Moving to {target.label.lower()} needs "
                              f"{len(blockers)} item(s) done and verified:</span> "
                              + escape("; ".join(blockers[:4])) + (" …" if len(blockers) > 4 else ""))
        else:
            self.gate.setText(f"<span style='color:#1e8449'>The gate to {target.label.lower()} is clear.</span>")
        self._enable()

    def current(self):  # noqa: ANN201
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        line = self.current()
        state = line.state if line else None
        self.buttons["done"].setEnabled(state == ChecklistState.OPEN)
        self.buttons["verify"].setEnabled(state == ChecklistState.DONE and not line.verified_by)
        self.buttons["na"].setEnabled(state == ChecklistState.OPEN)
        self.buttons["waive"].setEnabled(state == ChecklistState.OPEN)
        self.buttons["reopen"].setEnabled(state is not None and state != ChecklistState.OPEN)
        self.buttons["evidence"].setEnabled(bool(line and line.evidence_files))

    @Slot(str)
    def _on_changed(self, record_type: str) -> None:
        if record_type in ("checklistitem", "engagement") and self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        self.reload()
        super().showEvent(event)

    def _run(self, title: str, fields: list[FieldSpec], action, initial: dict | None = None) -> None:  # noqa: ANN001
        line = self.current()
        if line is None:
            return
        before = cl.step_state(self.editor.store, line.item_id)
        dialog = RecordDialog(f"{title}: {line.text[:60]}", fields, lambda values: action(line.item_id, values),
                              initial=initial, parent=self)
        if dialog.exec():
            self._undoable(f"{title}: {line.text[:60]}", line.item_id, before)
            bus().changed.emit("checklistitem")
            bus().message.emit(f"{title}: {line.text[:60]}")

    def _undoable(self, text: str, item_id: int, before: dict) -> None:
        """Ctrl+Z puts the item back as it was before the step (while no one has moved it since)."""
        store = self.editor.store
        after = cl.step_state(store, item_id)
        self.editor.stack.push(ServiceCommand(
            text, "checklistitem",
            lambda: cl.put_back_item(store, item_id=item_id, to=before, expect=after, because=f"undo of {text}"),
            lambda: cl.put_back_item(store, item_id=item_id, to=after, expect=before, because=f"redo of {text}")))

    @Slot()
    def complete(self) -> None:
        store = self.editor.store
        self._run("Done", [
            FieldSpec("done_by_id", "Done by", "choice", required=True, choices=staff_choices(store, optional=False)),
            FieldSpec("note", "Note", "multiline", extra={"height": 60}),
            FieldSpec("evidence", "Evidence file", "file", help="Copied into the store, named by its SHA-256"),
            FieldSpec("evidence_expires_on", "Evidence expires", "date"),
        ], lambda item_id, v: cl.complete_item(store, item_id=item_id, done_by_id=v["done_by_id"], note=v["note"],
                                               evidence=[v["evidence"]] if v["evidence"] else [],
                                               evidence_expires_on=v["evidence_expires_on"]))

    @Slot()
    def verify(self) -> None:
        store = self.editor.store
        self._run("Verify", [
            FieldSpec("verified_by_id", "Verified by", "choice", required=True,
                      choices=staff_choices(store, optional=False), help="Someone other than its owner and doer"),
        ], lambda item_id, v: cl.verify_item(store, item_id=item_id, verified_by_id=v["verified_by_id"]))

    def _with_reason(self, title: str, action) -> None:  # noqa: ANN001
        self._run(title, [FieldSpec("reason", "Reason", "multiline", required=True, extra={"height": 60})],
                  lambda item_id, v: action(self.editor.store, item_id=item_id, reason=v["reason"]))

    @Slot()
    def not_applicable(self) -> None:
        self._with_reason("Not applicable", cl.mark_not_applicable)

    @Slot()
    def waive(self) -> None:
        self._with_reason("Waive", cl.waive_item)

    @Slot()
    def reopen(self) -> None:
        line = self.current()
        if line is None:
            return
        before = cl.step_state(self.editor.store, line.item_id)
        try:
            cl.reopen_item(self.editor.store, item_id=line.item_id)
        except KpoDeskError as exc:
            QMessageBox.warning(self, "Reopen", str(exc))
            return
        self._undoable(f"Reopen: {line.text[:60]}", line.item_id, before)
        bus().changed.emit("checklistitem")

    @Slot()
    def open_evidence(self) -> None:
        line = self.current()
        if line is None:
            return
        files = cl.list_evidence(self.editor.store, line.item_id)
        if not files:
            return
        try:
            path = cl.evidence_copy_for_viewing(self.editor.store, files[-1].id)
        except KpoDeskError as exc:
            QMessageBox.warning(self, "Open evidence", str(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
