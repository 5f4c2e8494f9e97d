"""The engagement detail: Overview (editable), Team, Milestones, Checklist, Communications, Risks,
Time, Reports and History tabs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core import checklists as cl
from kpo_desk.core.enums import MilestoneStatus
from kpo_desk.core.errors import ConflictError, KpoDeskError
from kpo_desk.core.health import assess_engagement
from kpo_desk.core.services import engagement_rows as rows
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services.overview import engagement_overview
from kpo_desk.core.wording import zone_label
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.forms import FieldForm
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.table import Column
from kpo_desk.ui.common.words import (
    QT_TRANSLATE_NOOP,
    gui_count,
    gui_date,
    gui_datetime,
    gui_message,
    gui_number,
    plural,
    status_label,
    translate,
)
from kpo_desk.ui.communications.view import CommunicationLog
from kpo_desk.ui.engagements.checklist_tab import ChecklistTab
from kpo_desk.ui.engagements.tabs import RecordTab
from kpo_desk.ui.records import KINDS, Editor, kind_name
from kpo_desk.ui.reports.view import EngagementReportsTab
from kpo_desk.ui.theme import semantic_colour, semantic_style, severity_colour

DONE = {MilestoneStatus.DELIVERED, MilestoneStatus.ACCEPTED}
STATUS_COLOURS = {"proposed": "#7f8c8d", "onboarding": "#2980b9", "active": "#27ae60", "on_hold": "#d68910",
                  "closed": "#566573", "cancelled": "#922b21"}


def _late(row: Any) -> QColor | None:
    return semantic_colour("bad") if row.due_on and row.due_on < date.today() and row.status not in DONE else None


class OverrideDialog(QDialog):
    """A refused move that may still be made with a reason, which is audited. It says why the
    move was refused (the open items one per line) and asks for the reason; its buttons stay on
    screen however long the items are, because the list scrolls and the dialog fits the screen."""

    def __init__(self, parent: QWidget | None, *, title: str, refusal: str, items: Sequence[str] = (),
                 prompt: str, action: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.message = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.message.setAccessibleName(self.tr("Why the move was refused"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        bullets = "".join(f"<li>{escape(item)}</li>" for item in items)
        self.message.setText(f"<p><b>{escape(refusal)}</b></p>" + (f"<ul>{bullets}</ul>" if bullets else ""))
        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.message)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Reason for the override"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        prompt_label = QLabel(prompt, wordWrap=True)
        prompt_label.setBuddy(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.action_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action_button.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.action_button.setEnabled(bool(self.reason_text())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(prompt_label)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self._fit(620, scroll, prompt_label)
        self.reason.setFocus()

    def _fit(self, width: int, scroll: QScrollArea, prompt: QLabel) -> None:
        """As tall as the refusal, the prompt and the reason need (no gap between the list and
        the reason box); a list too long for the screen scrolls, and the buttons stay in sight."""
        layout = self.layout()
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        message = self.message.heightForWidth(inner - 4)
        others = layout.sizeHint().height() - scroll.sizeHint().height() - prompt.sizeHint().height()
        fit_to_screen(self, width, others + prompt.heightForWidth(inner) + message + 6)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()


#: The health words (core's ``health.status`` values), as the GUI shows them.
HEALTH_WORDS = {"red": QT_TRANSLATE_NOOP("Health", "Red"), "amber": QT_TRANSLATE_NOOP("Health", "Amber"),
                "green": QT_TRANSLATE_NOOP("Health", "Green")}


def health_word(status: str) -> str:
    """"Red" in the GUI's language ("Rot")."""
    return translate("Health", HEALTH_WORDS[status]) if status in HEALTH_WORDS else str(status).capitalize()


class Gates(QObject):
    """The context of the gate sentences (lupdate reads plural forms only from ``self.tr``)."""

    def refusal(self, n: int) -> str:
        return self.tr("{code} cannot move to {status} yet: %Ln gate item(s) not done and verified.", None, n)


def gate_refusal(code: str, target, open_items: Sequence[str]) -> str:  # noqa: ANN001
    """The sentence over the list of open gate items."""
    n = len(open_items)
    return plural(Gates().refusal(n), n,
                  "{code} cannot move to {status} yet: this gate item is not done and verified.",
                  "{code} cannot move to {status} yet: these {n} gate items are not done and verified.",
                  ).format(code=code, status=status_label(target))


class OverviewTab(QWidget):
    """Every field, editable in place, with core's messages beside the field."""

    status_changed = Signal()

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.engagement_id: int | None = None
        self.code = ""
        self._old: dict[str, Any] = {}
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(self.tr("Engagement heading"))
        self.status_badge = QLabel()
        self.status_badge.setAccessibleName(self.tr("Status"))
        self.move_button = QPushButton(self.tr("Move to…"))
        self.move_button.setAccessibleName(self.tr("Change status"))
        self.move_button.setToolTip(self.tr("Move the engagement along its life cycle (Ctrl+M, from any tab)"))
        self.move_menu = QMenu(self)
        self.move_button.setMenu(self.move_menu)
        self.more_button = QPushButton(self.tr("More…"))
        self.more_button.setAccessibleName(self.tr("More engagement actions"))
        more = QMenu(self)
        more.addAction(self.tr("Override health…"), self.override_health)
        more.addAction(self.tr("Clear health override"), self.clear_health_override)
        more.addSeparator()
        more.addAction(self.tr("Re-apply checklist template"), self.reapply_template)
        self.more_button.setMenu(more)
        self.facts = QLabel(textFormat=Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setAccessibleName(self.tr("Engagement facts"))
        self.facts.setStyleSheet(semantic_style("muted"))
        self.health = QLabel()
        self.health.setWordWrap(True)
        self.health.setAccessibleName(self.tr("Health"))
        self.fields = KINDS["engagement"].fields(editor.store, {})
        self.form = FieldForm(self.fields, columns=2)
        self.save_button = QPushButton(self.tr("Save changes"))
        self.save_button.setAccessibleName(self.tr("Save engagement"))
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(lambda: self.show_engagement(self.engagement_id))
        self.general_error = QLabel(styleSheet=semantic_style("bad"), wordWrap=True, visible=False)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.status_badge)
        top.addWidget(self.move_button)
        top.addWidget(self.more_button)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(top)
        body_layout.addWidget(self.facts)
        body_layout.addWidget(self.health)
        body_layout.addWidget(self.form)
        body_layout.addStretch()
        # The fields scroll; the error and Save/Revert stay under them, always in sight.
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(body)
        footer = QVBoxLayout()
        footer.setContentsMargins(9, 0, 9, 6)
        footer.addWidget(self.general_error)
        footer.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(footer)

    def show_engagement(self, engagement_id: int | None) -> None:
        self.engagement_id = engagement_id
        self.setEnabled(engagement_id is not None)
        self.general_error.setVisible(False)
        if engagement_id is None:
            self.heading.setText("")
            return
        o = engagement_overview(self.editor.store, engagement_id)
        e = o.engagement
        self._old = {f.name: getattr(e, f.name) for f in self.fields}
        self._version = e.version  # a save checks it: someone else's change since is a conflict
        self.form.set_values(self._old)
        self.heading.setText(self.tr("<span style='font-size:16pt; font-weight:600'>{code}</span>&nbsp;&nbsp;<span style='font-size:12pt'>{title}</span>").format(code=_esc(e.code), title=_esc(e.title)))
        colour = STATUS_COLOURS.get(e.status.value, "#555")
        self.status_badge.setText(f"<span style='color:white; background:{colour}; padding:3px 8px;'>&nbsp;{_esc(status_label(e.status))}&nbsp;</span>")
        self.code = e.code
        # Each fact keeps its words together; the line wraps only between facts.
        self.facts.setText(" · ".join(_esc(part).replace(" ", "\u00a0") for part in (
            o.client.name, zone_label(o.client.timezone),
            self.tr("logged {hours} h of {budget} h").format(hours=gui_number(o.hours_logged, 1), budget=gui_number(e.budget_hours or 0)),
            gui_count(o.communications, translate("Words", "communication"), translate("Words", "communications")),
            self.tr("compliance {summary}").format(summary=gui_message(cl.engagement_compliance(self.editor.store, engagement_id).summary_message))) if part))
        self.health.setText(health_html(assess_engagement(self.editor.store, engagement_id)))
        self.move_menu.clear()
        for target in o.next_statuses:
            action = self.move_menu.addAction(status_label(target))
            action.triggered.connect(lambda _=False, t=target: self.move_to(t))
        self.move_button.setEnabled(bool(o.next_statuses))

    @Slot()
    def save(self) -> None:
        if self.engagement_id is None:
            return
        self.form.clear_errors()
        self.general_error.setVisible(False)
        try:
            new_values = self.form.values()
            changes = {k: v for k, v in new_values.items() if self._old.get(k) != v}
            if changes:
                try:
                    eng.update_engagement(self.editor.store, self.engagement_id, **changes,
                                          expected_version=self._version)
                except ConflictError as exc:
                    if not self._overwrite_after(exc):
                        return
                    eng.update_engagement(self.editor.store, self.engagement_id, **changes,
                                          expected_version=self._version, overwrite=True)
        except KpoDeskError as exc:
            if not self.form.show_error(exc):
                self.general_error.setText(exc.message)
                self.general_error.setVisible(True)
            return
        if changes:
            self.editor.apply_edit_undo(KINDS["engagement"], self.engagement_id, self._old,
                                        {**self._old, **changes})
            bus().changed.emit("engagement")
            bus().message.emit(self.tr("Engagement saved."))
        self.show_engagement(self.engagement_id)

    def _overwrite_after(self, error: ConflictError) -> bool:
        """Someone else changed the engagement since it was shown: ask. True to save over it;
        otherwise their version is shown (reload) or the form stays as it is, saying why."""
        from kpo_desk.ui.common.conflict import OVERWRITE, RELOAD, ask_about_conflict

        choice, sentence = ask_about_conflict(error, kind_name("engagement"), self)
        if choice == RELOAD:
            self.show_engagement(self.engagement_id)
        elif choice != OVERWRITE:
            self.general_error.setText(sentence)
            self.general_error.setVisible(True)
        return choice == OVERWRITE

    def override_health(self) -> None:
        from kpo_desk.core.health import override_health
        from kpo_desk.ui.common.forms import FieldSpec, RecordDialog

        if self.engagement_id is None:
            return
        fields = [FieldSpec("status", QT_TRANSLATE_NOOP("Fields", "Health"), "choice", required=True,
                            choices=lambda: [(health_word(value), value) for value in HEALTH_WORDS]),
                  FieldSpec("reason", QT_TRANSLATE_NOOP("Fields", "Reason"), "multiline", required=True, extra={"height": 60}),
                  FieldSpec("until", QT_TRANSLATE_NOOP("Fields", "Until"), "date", required=True, help=QT_TRANSLATE_NOOP("Fields", "The override ends after this day"))]
        dialog = RecordDialog(self.tr("Override health"), fields,
                              lambda v: override_health(self.editor.store, self.engagement_id, **v), parent=self,
                              intro=self.tr("A manual health status needs a reason and an end date; both are audited."))
        if dialog.exec():
            bus().changed.emit("engagement")
            self.show_engagement(self.engagement_id)

    def clear_health_override(self) -> None:
        from kpo_desk.core.health import clear_health_override

        if self.engagement_id is None:
            return
        try:
            clear_health_override(self.editor.store, self.engagement_id)
        except KpoDeskError as exc:
            QMessageBox.warning(self, self.tr("Health"), exc.message)
            return
        bus().changed.emit("engagement")
        self.show_engagement(self.engagement_id)

    def reapply_template(self) -> None:
        from kpo_desk.core.checklists import apply_template

        if self.engagement_id is None:
            return
        try:
            result = apply_template(self.editor.store, engagement_id=self.engagement_id)
        except KpoDeskError as exc:
            QMessageBox.warning(self, self.tr("Checklist template"), exc.message)
            return
        bus().changed.emit("checklistitem")
        bus().message.emit(self.tr("Template re-applied: {added} added, {updated} updated; existing items kept their state and evidence.").format(added=len(result.added), updated=len(result.updated)))
        self.show_engagement(self.engagement_id)

    def move_to(self, target) -> None:  # noqa: ANN001
        store, engagement_id = self.editor.store, self.engagement_id
        if engagement_id is None:
            return
        try:
            eng.change_status(store, engagement_id, target)
        except KpoDeskError as exc:
            blockers = eng.gate_blockers(store, engagement_id, target)
            if not blockers:
                QMessageBox.warning(self, self.tr("Status not changed"), exc.message)
                return
            dialog = OverrideDialog(
                self, title=self.tr("Gate items are open"), refusal=gate_refusal(self.code, target, blockers),
                items=blockers, action=self.tr("Move to {label} anyway").format(label=status_label(target)),
                prompt=self.tr("To move anyway, give the reason for the override. It is kept in the history (audited)."))
            if not dialog.exec():
                return
            try:
                eng.change_status(store, engagement_id, target, override_reason=dialog.reason_text())
            except KpoDeskError as again:
                QMessageBox.warning(self, self.tr("Status not changed"), again.message)
                return
        bus().changed.emit("engagement")
        bus().message.emit(self.tr("{code} moved to {label}.").format(code=self.code, label=status_label(target)))
        self.show_engagement(engagement_id)
        self.status_changed.emit()


def health_html(health) -> str:  # noqa: ANN001
    colour = severity_colour(health.status).name()
    reasons = "".join(f"<li>{_esc(gui_message(r.worded))}</li>" for r in health.reasons)
    override = (translate("Health", " <i>(set by hand: {reason})</i>").format(reason=_esc(health.override_reason))
                if health.overridden else "")
    return (translate("Health", "<b>Health: <span style='color:{colour}'>{status}</span></b>").format(colour=colour, status=health_word(health.status))
            + override + (f"<ul style='margin-top:2px'>{reasons}</ul>" if reasons else translate("Health", " · nothing to report")))


def _esc(text: str) -> str:
    from html import escape

    return escape(text or "")


class EngagementDetail(QTabWidget):
    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Engagement detail"))
        self.editor = editor
        self.engagement_id: int | None = None
        store = editor.store
        self.overview = OverviewTab(editor)
        self.team = RecordTab(editor, "assignment", "assignment", [
            Column("staff", QT_TRANSLATE_NOOP("Columns", "Who"), 170), Column("role", QT_TRANSLATE_NOOP("Columns", "Role"), 170),
            Column("is_key_role", QT_TRANSLATE_NOOP("Columns", "Key role"), 80, text=lambda r: translate("Words", "key") if r.is_key_role else ""),
            Column("backup", QT_TRANSLATE_NOOP("Columns", "Backup"), 160, text=lambda r: r.backup or (translate("Words", "none — name one") if r.is_key_role else ""),
                   colour=lambda r: semantic_colour("bad") if r.is_key_role and not r.backup else None),
        ], lambda eid: rows.assignment_rows(store, eid))
        self.milestone_move = QPushButton(self.tr("Move to…"))
        self.milestone_move.setAccessibleName(self.tr("Move milestone"))
        self.milestone_move_menu = QMenu(self)
        self.milestone_move.setMenu(self.milestone_move_menu)
        self.milestone_move_menu.aboutToShow.connect(self._fill_milestone_moves)
        self.qa_button = QPushButton(self.tr("QA result…"))
        self.qa_button.setAccessibleName(self.tr("Record QA result"))
        self.qa_button.clicked.connect(self._record_qa)
        self.milestones = RecordTab(editor, "milestone", "milestone", [
            Column("title", QT_TRANSLATE_NOOP("Columns", "Milestone"), 220),
            Column("due_on", QT_TRANSLATE_NOOP("Columns", "Due"), 100, text=lambda r: gui_date(r.due_on, ""), colour=_late),
            Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), 100), Column("author", QT_TRANSLATE_NOOP("Columns", "Author"), 130), Column("reviewer", QT_TRANSLATE_NOOP("Columns", "QA reviewer"), 130),
            Column("qa_result", QT_TRANSLATE_NOOP("Columns", "QA"), 70), Column("client_visible", QT_TRANSLATE_NOOP("Columns", "Client sees"), 80),
        ], lambda eid: rows.milestone_rows(store, eid), extra_buttons=[self.milestone_move, self.qa_button],
            text_columns=["title"])
        self.risks = RecordTab(editor, "risk", "risk", [
            Column("category", QT_TRANSLATE_NOOP("Columns", "Category"), 200, tooltip=lambda r: r.category),
            Column("description", QT_TRANSLATE_NOOP("Columns", "Description"), 260, tooltip=lambda r: r.description),
            Column("score", "L×I", 50, text=lambda r: f"{r.likelihood}×{r.impact}", align_right=True),
            Column("owner", QT_TRANSLATE_NOOP("Columns", "Owner"), 130), Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), 90), Column("client_visible", QT_TRANSLATE_NOOP("Columns", "Client sees"), 80),
        ], lambda eid: rows.risk_rows(store, eid), can_delete=False, text_columns=["category", "description"])
        self.time = RecordTab(editor, "timeentry", "time entry", [
            Column("work_date", QT_TRANSLATE_NOOP("Columns", "Date"), 100, text=lambda r: gui_date(r.work_date)), Column("staff", QT_TRANSLATE_NOOP("Columns", "Who"), 160),
            Column("hours", QT_TRANSLATE_NOOP("Columns", "Hours"), 70, align_right=True), Column("billable", QT_TRANSLATE_NOOP("Columns", "Billable"), 70),
            Column("note", QT_TRANSLATE_NOOP("Columns", "Note"), 240, tooltip=lambda r: r.note or None),
        ], lambda eid: rows.time_rows(store, eid), text_columns=["note"])
        self.history = RecordTab(editor, "*", "event", [
            Column("at", QT_TRANSLATE_NOOP("Columns", "When"), 150, text=lambda r: gui_datetime(r.at)),
            Column("actor", QT_TRANSLATE_NOOP("Columns", "Who"), 120), Column("record", QT_TRANSLATE_NOOP("Columns", "Record"), 160, tooltip=lambda r: r.record),
            Column("action", QT_TRANSLATE_NOOP("Columns", "Action"), 90, text=lambda r: status_label(r.action)),
            Column("change", QT_TRANSLATE_NOOP("Columns", "Change"), 480, tooltip=lambda r: r.change),
        ], lambda eid: rows.history_rows(store, eid), editable=False, empty_hint=self.tr("No history yet."),
            text_columns=["record", "change"])
        self.extra_tabs: dict[str, QWidget] = {}
        self.addTab(self.overview, self.tr("&Overview"))
        self.addTab(self.team, self.tr("&Team"))
        self.addTab(self.milestones, self.tr("&Milestones"))
        self.checklist_tab = ChecklistTab(editor)
        self.addTab(self.checklist_tab, self.tr("&Checklist"))
        self.communications_tab = CommunicationLog(editor, per_engagement=True)
        self.addTab(self.communications_tab, self.tr("Co&mmunications"))
        self.addTab(self.risks, self.tr("&Risks"))
        self.addTab(self.time, self.tr("T&ime"))
        self.reports_tab = EngagementReportsTab(editor)
        self.addTab(self.reports_tab, self.tr("Re&ports"))
        self.addTab(self.history, self.tr("&History"))
        self.currentChanged.connect(lambda _i: self._refresh_current())
        self.move_action = QAction(self.tr("Move status…"), self, shortcut=QKeySequence("Ctrl+M"),
                                   shortcutContext=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.move_action.setStatusTip(self.tr("Move the engagement along its life cycle, from any of its tabs"))
        self.move_action.triggered.connect(self.show_move_menu)
        self.addAction(self.move_action)
        self.show_engagement(None)

    @Slot()
    def show_move_menu(self) -> None:
        """Ctrl+M: the menu of allowed status moves, under the Move button on the Overview, or
        at the top right of whichever tab is showing."""
        if self.engagement_id is None:
            return
        menu, button = self.overview.move_menu, self.overview.move_button
        if menu.isEmpty():
            bus().message.emit(self.tr("{code} cannot move any further.").format(code=self.overview.code))
            return
        if button.isVisible():
            at = button.mapToGlobal(QPoint(0, button.height()))
        else:
            at = self.mapToGlobal(QPoint(max(0, self.width() - menu.sizeHint().width()), self.tabBar().height()))
        menu.popup(at)
        menu.setActiveAction(menu.actions()[0])

    def _fill_milestone_moves(self) -> None:
        from kpo_desk.core.services.milestones import milestone_moves

        self.milestone_move_menu.clear()
        row = self.milestones.current()
        if row is None:
            self.milestone_move_menu.addAction(self.tr("Select a milestone first")).setEnabled(False)
            return
        for target in milestone_moves(row.status):
            action = self.milestone_move_menu.addAction(status_label(target))
            action.triggered.connect(lambda _=False, t=target, mid=row.id: self.move_milestone(mid, t))

    def move_milestone(self, milestone_id: int, target) -> None:  # noqa: ANN001
        from kpo_desk.core.services.milestones import move_milestone

        try:
            move_milestone(self.editor.store, milestone_id, target)
        except KpoDeskError as exc:
            if "QA" not in exc.message:
                QMessageBox.warning(self, self.tr("Milestone not moved"), exc.message)
                return
            dialog = OverrideDialog(self, title=self.tr("Deliver without a QA pass"), refusal=exc.message,
                                    action=self.tr("Move to {label} anyway").format(label=status_label(target)),
                                    prompt=self.tr("To deliver anyway, give the reason. It is kept in the history (audited)."))
            if not dialog.exec():
                return
            try:
                move_milestone(self.editor.store, milestone_id, target, override_reason=dialog.reason_text())
            except KpoDeskError as again:
                QMessageBox.warning(self, self.tr("Milestone not moved"), again.message)
                return
        bus().changed.emit("milestone")
        bus().message.emit(self.tr("Milestone moved to {label}.").format(label=status_label(target)))

    def _record_qa(self) -> None:
        from kpo_desk.core.enums import QAResult
        from kpo_desk.core.services.milestones import record_qa_result
        from kpo_desk.ui.common.forms import FieldSpec, RecordDialog, enum_choices
        from kpo_desk.ui.records import staff_choices

        row = self.milestones.current()
        if row is None:
            return
        fields = [FieldSpec("reviewer_id", QT_TRANSLATE_NOOP("Fields", "Reviewer"), "choice", required=True,
                            choices=staff_choices(self.editor.store, optional=False),
                            help=QT_TRANSLATE_NOOP("Fields", "Someone other than the author")),
                  FieldSpec("result", QT_TRANSLATE_NOOP("Fields", "Result"), "choice", required=True, choices=enum_choices(QAResult)),
                  FieldSpec("note", QT_TRANSLATE_NOOP("Fields", "Note"), "multiline", extra={"height": 60})]
        me = self.editor.store.staff_id  # team mode: the logged-in user reviews; None for a file store
        dialog = RecordDialog(self.tr("QA result · {title}").format(title=row.title), fields,
                              lambda v: record_qa_result(self.editor.store, row.id, **v),
                              initial={"reviewer_id": me} if me else None, parent=self)
        if dialog.exec():
            bus().changed.emit("milestone")

    @staticmethod
    def _placeholder(text: str) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        label = QLabel(text)
        label.setStyleSheet(semantic_style("muted"))
        layout.addWidget(label)
        layout.addStretch()
        return w

    def replace_tab(self, old: QWidget, new: QWidget) -> None:
        index = self.indexOf(old)
        title = self.tabText(index)
        self.removeTab(index)
        self.insertTab(index, new, title)

    def show_engagement(self, engagement_id: int | None) -> None:
        self.engagement_id = engagement_id
        for tab in (self.team, self.milestones, self.risks, self.time, self.history, self.checklist_tab,
                    self.communications_tab, self.reports_tab):
            tab.owner_id = engagement_id
        self.overview.show_engagement(engagement_id)
        self._refresh_current()

    def _refresh_current(self) -> None:
        widget = self.currentWidget()
        if hasattr(widget, "show_owner"):
            widget.show_owner(self.engagement_id)
