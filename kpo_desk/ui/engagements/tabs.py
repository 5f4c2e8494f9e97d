"""A tab listing the records of one kind inside an engagement, with New, Edit and Delete."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.table import Column, RowTableModel, make_table
from kpo_desk.ui.records import Editor


class RecordTab(QWidget):
    """Rows come from ``loader(engagement_id)``, a core query; edits go through ``Editor``."""

    def __init__(self, editor: Editor, record_type: str, label: str, columns: Sequence[Column],
                 loader: Callable[[int], list[Any]], *, context_key: str = "engagement_id",
                 can_delete: bool = True, editable: bool = True, extra_buttons: Sequence[QPushButton] = (),
                 empty_hint: str = "") -> None:
        super().__init__()
        self.editor, self.record_type, self.label = editor, record_type, label
        self._loader, self._context_key = loader, context_key
        self.owner_id: int | None = None
        self.model = RowTableModel(columns, lambda _key, _desc: self._load(), self)
        self.table = make_table(self.model, label, sortable=False)
        self.table.doubleClicked.connect(self.edit_current)
        self.new_button = QPushButton(f"New {label}…")
        self.new_button.setAccessibleName(f"New {label}")
        self.new_button.clicked.connect(self.new)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAccessibleName(f"Edit {label}")
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName(f"Delete {label}")
        self.delete_button.clicked.connect(self.delete_current)
        self.delete_button.setVisible(can_delete and editable)
        self.editable = editable
        self.new_button.setVisible(editable)
        self.edit_button.setVisible(editable)
        delete_action = QAction(self, shortcut=QKeySequence.StandardKey.Delete,
                                shortcutContext=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete_action.triggered.connect(self.delete_current)
        self.table.addAction(delete_action)
        self.empty_hint = QLabel(empty_hint or f"No {label}s yet. Use “New {label}…” to add one.")
        self.empty_hint.setStyleSheet("color: gray;")
        bar = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button, *extra_buttons):
            bar.addWidget(button)
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_hint)
        bus().changed.connect(self._on_changed)

    def _load(self) -> list[Any]:
        return self._loader(self.owner_id) if self.owner_id is not None else []

    def show_owner(self, owner_id: int | None) -> None:
        self.owner_id = owner_id
        self.reload()

    def reload(self) -> None:
        self.model.reload()
        empty = self.model.total() == 0
        self.empty_hint.setVisible(empty)
        self.new_button.setEnabled(self.owner_id is not None)

    def current(self) -> Any | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    @Slot(str)
    def _on_changed(self, record_type: str) -> None:
        if self.record_type in ("*", record_type) and self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        self.reload()
        super().showEvent(event)

    @Slot()
    def new(self) -> None:
        if self.editable and self.owner_id is not None and self.editor.new(self.record_type, {self._context_key: self.owner_id}):
            self.reload()

    @Slot()
    def edit_current(self, *_args) -> None:  # noqa: ANN002
        row = self.current()
        if self.editable and row is not None and self.editor.edit(self.record_type, row.id):
            self.reload()

    @Slot()
    def delete_current(self) -> None:
        row = self.current()
        if self.editable and row is not None and self.editor.delete(self.record_type, row.id):
            self.reload()
