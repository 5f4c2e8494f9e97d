"""The Checklist tab: the engagement's IP-protection controls, their evidence and sign-off."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core import checklists as cl
from kpo_desk.core.enums import ChecklistState, EngagementStatus
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.services import engagements as eng
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.forms import FieldSpec, RecordDialog
from kpo_desk.ui.common.table import Column, RowTableModel, make_table
from kpo_desk.ui.common.undo import ServiceCommand
from kpo_desk.ui.common.words import (
    QT_TRANSLATE_NOOP,
    columns_in,
    gui_count,
    gui_date,
    gui_message,
    gui_number,
    plural,
    status_label,
    translate,
)
from kpo_desk.ui.engagements.tabs import TextColumnsFit
from kpo_desk.ui.records import Editor, staff_choices
from kpo_desk.ui.theme import semantic_colour, semantic_style

#: The meaning (the theme's semantic colour) of each state's text; verified is "good".
STATE_KINDS = {ChecklistState.OPEN: "bad", ChecklistState.DONE: "warning"}
#: The status each gate guards ("→ Active"), read from core's life cycle.
GUARDED = {gate: status for status, gate in eng.GATE_FOR_STATUS.items()}
#: How many open gate items the line above the table names; the table shows them all.
GATE_ITEMS_NAMED = 2


def short(text: str, limit: int = 60) -> str:
    """A control's text cut for a window title or a status message, with an ellipsis when cut."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _state(line) -> str:  # noqa: ANN001
    if line.state == ChecklistState.DONE:
        return translate("Checklist", "Verified") if line.verified_by else translate("Checklist", "Done, not verified")
    return status_label(line.state)


def _state_colour(line) -> QColor | None:  # noqa: ANN001
    if line.state == ChecklistState.DONE and line.verified_by:
        return semantic_colour("good")
    kind = STATE_KINDS.get(line.state)
    return semantic_colour(kind) if kind else None


def _gate(line) -> str:  # noqa: ANN001
    status = GUARDED.get(line.gate)
    return f"→ {status_label(status)}" if status else ""


def _gate_tooltip(line) -> str | None:  # noqa: ANN001
    status = GUARDED.get(line.gate)
    return (translate("Checklist", "Must be done and verified before the engagement moves to {status}.").format(status=status_label(status))
            if status else None)


def _evidence(line) -> str:  # noqa: ANN001
    if not line.evidence_files:
        return ""
    files = gui_count(line.evidence_files, translate("Words", "file"), translate("Words", "files"))
    if line.evidence_expires_on is None:
        return files
    late = line.evidence_expires_on < date.today()
    return f"{files}, {'expired' if late else 'until'} {gui_date(line.evidence_expires_on)}"


def _evidence_colour(line) -> QColor | None:  # noqa: ANN001
    late = line.evidence_expires_on is not None and line.evidence_expires_on < date.today()
    return semantic_colour("bad") if late else None


def _sign_off(line) -> str:  # noqa: ANN001
    return " → ".join(name for name in (line.done_by, line.verified_by) if name)


def _sign_off_tooltip(line) -> str | None:  # noqa: ANN001
    parts = []
    if line.done_by:
        parts.append(translate("Checklist", "Done by {person} on {day}.").format(person=line.done_by, day=gui_date(line.done_on)))
    if line.verified_by:
        parts.append(translate("Checklist", "Verified by {person} on {day}.").format(person=line.verified_by, day=gui_date(line.verified_on)))
    return " ".join(parts) or None


def _control_tooltip(line) -> str:  # noqa: ANN001
    """The whole control, which the column elides when it is narrower than the text."""
    return line.text + (f"\n\n{status_label(line.state)}: {line.reason}" if line.reason else "")


CONTROL_COLUMN = 1
#: The Control column takes the room the others leave, but never less than this.
CONTROL_MIN_WIDTH = 260
COLUMNS = [
    Column("category", QT_TRANSLATE_NOOP("Columns", "Category"), 85), Column("text", QT_TRANSLATE_NOOP("Columns", "Control"), 330, tooltip=_control_tooltip),
    Column("gate", QT_TRANSLATE_NOOP("Columns", "Gate"), 75, text=_gate, tooltip=_gate_tooltip),
    Column("state", QT_TRANSLATE_NOOP("Columns", "State"), 125, text=_state, colour=_state_colour, tooltip=lambda r: r.reason or None),
    Column("owner", QT_TRANSLATE_NOOP("Columns", "Owner"), 105),
    Column("sign_off", QT_TRANSLATE_NOOP("Columns", "Done → verified by"), 190, text=_sign_off, tooltip=_sign_off_tooltip),
    Column("due_on", QT_TRANSLATE_NOOP("Columns", "Due"), 95, text=lambda r: gui_date(r.due_on, "")),
    Column("evidence", QT_TRANSLATE_NOOP("Columns", "Evidence"), 200, text=_evidence, colour=_evidence_colour),
]


def gate_html(target, blockers: list[str]) -> str:  # noqa: ANN001
    """The line above the table: how the next gate stands, naming the first open items."""
    if target is None:
        return ""
    if not blockers:
        clear = translate("Checklist", "The gate to {status} is clear.").format(status=status_label(target))
        return f"<span style='{semantic_style('good')}'>{clear}</span>"
    # Open close-out items are normal while work goes on; open activation items are a blocker.
    colour = semantic_style("bad" if target == EngagementStatus.ACTIVE else "muted")
    named = "".join(f"<li>{escape(short(text, 110))}</li>" for text in blockers[:GATE_ITEMS_NAMED])
    more = len(blockers) - GATE_ITEMS_NAMED
    rest = ("<li>" + translate("Checklist", "and {more} more, marked “→ {status}” below").format(
        more=gui_number(more), status=status_label(target)) + "</li>") if more > 0 else ""
    n = len(blockers)
    moving = plural(Gates().moving(n), n, "Moving to {status} needs this gate item done and verified:",
                    "Moving to {status} needs these {n} gate items done and verified:").format(status=status_label(target))
    return (f"<span style='{colour}'>{escape(moving)}</span>"
            f"<ul style='margin-top:0; margin-bottom:0'>{named}{rest}</ul>")


class Gates(QObject):
    """The context of the gate line's plural forms (lupdate reads them only from ``self.tr``)."""

    def moving(self, n: int) -> str:
        return self.tr("Moving to {status} needs %Ln gate item(s) done and verified:", None, n)


class ChecklistTab(QWidget):
    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.owner_id: int | None = None
        self.model = RowTableModel(columns_in(COLUMNS), lambda _k, _d: self._load(), self)
        self.table = make_table(self.model, "Checklist", sortable=False)
        # The Control column takes the width the short columns leave (they are as wide as they need).
        self._fit = TextColumnsFit(self.table, [CONTROL_COLUMN], minimum=CONTROL_MIN_WIDTH)
        self.score = QLabel()
        self.score.setAccessibleName(self.tr("Compliance score"))
        self.gate = QLabel(wordWrap=True)
        self.gate.setAccessibleName(self.tr("Gate status"))
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (("done", self.tr("Done…"), self.complete), ("verify", self.tr("Verify…"), self.verify),
                                ("na", self.tr("Not applicable…"), self.not_applicable), ("waive", self.tr("Waive…"), self.waive),
                                ("reopen", self.tr("Reopen"), self.reopen), ("evidence", self.tr("Open evidence"), self.open_evidence)):
            button = QPushButton(text)
            button.setAccessibleName(self.tr("Checklist {key}").format(key=key))
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
        self.score.setText(self.tr("<b>Compliance:</b> {summary}").format(summary=escape(gui_message(cl.engagement_compliance(store, self.owner_id).summary_message))))
        target = cl.next_gate(eng.get_engagement(store, engagement_id=self.owner_id).status)
        blockers = eng.gate_blockers(store, self.owner_id, target) if target else []
        self.gate.setText(gate_html(target, blockers))
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
        dialog = RecordDialog(f"{title}: {short(line.text)}", fields, lambda values: action(line.item_id, values),
                              initial=initial, parent=self, intro=f"<p>{escape(line.text)}</p>")
        if dialog.exec():
            self._undoable(f"{title}: {short(line.text)}", line.item_id, before)
            bus().changed.emit("checklistitem")
            bus().message.emit(f"{title}: {short(line.text)}")

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
        store, line = self.editor.store, self.current()
        if line is None:
            return
        self._run(self.tr("Done"), [
            FieldSpec("done_by_id", QT_TRANSLATE_NOOP("Fields", "Done by"), "choice", required=True, choices=staff_choices(store, optional=False),
                      help=QT_TRANSLATE_NOOP("Fields", "Proposed: the item's owner, or else the engagement's lead")),
            FieldSpec("note", QT_TRANSLATE_NOOP("Fields", "Note"), "multiline", extra={"height": 60}),
            FieldSpec("evidence", QT_TRANSLATE_NOOP("Fields", "Evidence file"), "file", help=QT_TRANSLATE_NOOP("Fields", "Copied into the store, named by its SHA-256")),
            FieldSpec("evidence_expires_on", QT_TRANSLATE_NOOP("Fields", "Evidence expires"), "date"),
        ], lambda item_id, v: cl.complete_item(store, item_id=item_id, done_by_id=v["done_by_id"], note=v["note"],
                                               evidence=[v["evidence"]] if v["evidence"] else [],
                                               evidence_expires_on=v["evidence_expires_on"]),
            initial={"done_by_id": store.staff_id or cl.default_doer_id(store, line.item_id)})  # team mode: the logged-in user

    @Slot()
    def verify(self) -> None:
        store, line = self.editor.store, self.current()
        if line is None:
            return
        verifiers = cl.allowed_verifiers(store, line.item_id)
        if not verifiers:
            QMessageBox.information(
                self, self.tr("No one can verify it yet"),
                self.tr("Four eyes: “{short}” must be verified by someone other than its owner and the person who did it, and no other active staff member is on file. Add a colleague under Staff first.").format(short=short(line.text, 90)))
            return
        choices = [(f"{p.name} — {p.role}" if p.role else p.name, p.id) for p in verifiers]
        self._run(self.tr("Verify"), [
            FieldSpec("verified_by_id", QT_TRANSLATE_NOOP("Fields", "Verified by"), "choice", required=True, choices=lambda: choices,
                      help=QT_TRANSLATE_NOOP("Fields", "Only people other than its owner and the person who did it (four eyes)")),
        ], lambda item_id, v: cl.verify_item(store, item_id=item_id, verified_by_id=v["verified_by_id"]),
            initial={"verified_by_id": store.staff_id if store.staff_id in [p.id for p in verifiers] else verifiers[0].id})

    def _with_reason(self, title: str, action) -> None:  # noqa: ANN001
        self._run(title, [FieldSpec("reason", QT_TRANSLATE_NOOP("Fields", "Reason"), "multiline", required=True, extra={"height": 60})],
                  lambda item_id, v: action(self.editor.store, item_id=item_id, reason=v["reason"]))

    @Slot()
    def not_applicable(self) -> None:
        self._with_reason(self.tr("Not applicable"), cl.mark_not_applicable)

    @Slot()
    def waive(self) -> None:
        self._with_reason(self.tr("Waive"), cl.waive_item)

    @Slot()
    def reopen(self) -> None:
        line = self.current()
        if line is None:
            return
        before = cl.step_state(self.editor.store, line.item_id)
        try:
            cl.reopen_item(self.editor.store, item_id=line.item_id)
        except KpoDeskError as exc:
            QMessageBox.warning(self, self.tr("Not reopened"), exc.message)
            return
        self._undoable(self.tr("Reopen: {control}").format(control=short(line.text)), line.item_id, before)
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
            QMessageBox.warning(self, self.tr("Evidence not opened"), exc.message)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
