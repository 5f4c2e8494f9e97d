"""The Staff view: the firm's own people, their roles and current load."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kpo_desk.core.services import directory
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.pages import ListPage
from kpo_desk.ui.common.table import Column, RowTableModel
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, columns_in, gui_count, gui_number, translate
from kpo_desk.ui.records import Editor

COLUMNS = [
    Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), 170, least=120), Column("role", QT_TRANSLATE_NOOP("Columns", "Role"), 180, least=110, hide_rank=1),
    Column("email", QT_TRANSLATE_NOOP("Columns", "E-mail"), 230, least=150, stretch=True),
    Column("active", QT_TRANSLATE_NOOP("Columns", "Active"), 60, least=55, hide_rank=2),
    Column("assignments", QT_TRANSLATE_NOOP("Columns", "Assignments"), 95, least=95, align_right=True,
           tooltip=lambda r: gui_count(r.assignments, translate("Words", "open assignment"), translate("Words", "open assignments"))),
    Column("key_roles", QT_TRANSLATE_NOOP("Columns", "Key roles"), 75, least=75, align_right=True,
           tooltip=lambda r: translate("Words", "{key_roles} on open engagements").format(
               key_roles=gui_count(r.key_roles, translate("Words", "key role"), translate("Words", "key roles")))),
]


class StaffView(QWidget):
    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.new_action = QAction(self.tr("New staff member…"), self, statusTip=self.tr("Add one of the firm's own people"))
        self.new_action.triggered.connect(self.new_staff)
        self.edit_action = QAction(self.tr("Edit…"), self, statusTip=self.tr("Edit the selected staff member"))
        self.edit_action.triggered.connect(self.edit_current)
        self.model = RowTableModel(columns_in(COLUMNS), self._load, self)
        self.detail = QLabel(wordWrap=True)
        self.detail.setMargin(12)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.page = ListPage("Staff", self.model, self.detail, settings_key="staff",
                             actions=[self.new_action, self.edit_action], placeholder=self.tr("Filter by name, role or e-mail"),
                             sizes=(960, 260), stretch=(1, 0),
                             empty_hint=self.tr("No staff yet. Add your team so that work can be assigned."))
        self.page.current_changed.connect(self._show)
        self.page.activated.connect(lambda _row: self.edit_current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        bus().changed.connect(self._on_changed)
        self._show(None)

    def _load(self, sort_key: str, descending: bool) -> list:
        rows = directory.staff_rows(self.editor.store, text=self.page.filter_text() if hasattr(self, "page") else "")
        return sorted(rows, key=lambda r: str(getattr(r, sort_key)).lower() if isinstance(getattr(r, sort_key), str)
                      else getattr(r, sort_key), reverse=descending)

    def reload(self) -> None:
        self.page.reload()

    @Slot(str)
    def _on_changed(self, record_type: str) -> None:
        if record_type in ("staff", "assignment"):
            self.page.reload()

    @Slot(object)
    def _show(self, row) -> None:  # noqa: ANN001
        if row is None:
            self.detail.setText(self.tr("<span style='color:gray'>Select a person to see their load.</span>"))
            return
        key = (self.tr(", {key_roles} of them key").format(key_roles=gui_number(row.key_roles)) if row.assignments else "")
        gone = "" if row.active else self.tr("<br><b>No longer active.</b>")
        self.detail.setText(self.tr("<h2>{name}</h2><p>{role}<br>{email}</p><p>{count}{key}.{inactive}</p>").format(
            name=escape(row.name), role=escape(row.role), email=escape(row.email),
            count=gui_count(row.assignments, translate("Words", "open assignment"), translate("Words", "open assignments")),
            key=key, inactive=gone))

    @Slot()
    def new_staff(self) -> None:
        if self.editor.new("staff"):
            self.page.reload()

    @Slot()
    def edit_current(self) -> None:
        row = self.page.current()
        if row is not None:
            self.editor.edit("staff", row.id)
