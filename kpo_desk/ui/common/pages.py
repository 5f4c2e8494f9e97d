"""A list with a detail pane: the shape of every main view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.ui.common.table import RowTableModel, make_table


class ListPage(QWidget):
    """A filter bar, a sortable table and a detail pane, remembered between sessions."""

    current_changed = Signal(object)
    activated = Signal(object)

    def __init__(self, name: str, model: RowTableModel, detail: QWidget, *, settings_key: str,
                 filters: Sequence[QWidget] = (), actions: Sequence[QAction] = (),
                 placeholder: str = "Filter", empty_hint: str = "Nothing here yet.",
                 blank_hint: str | None = None, has_records: Callable[[], bool] | None = None,
                 orientation: Qt.Orientation = Qt.Orientation.Horizontal) -> None:
        """``empty_hint`` shows when the filters hide every row; ``blank_hint`` when there is
        nothing to list at all (``has_records()`` is false), which calls for other words."""
        super().__init__()
        self.model = model
        self.settings_key = settings_key
        self.empty_hint, self.blank_hint, self._has_records = empty_hint, blank_hint, has_records
        self.filter_edit = QLineEdit(placeholderText=placeholder, clearButtonEnabled=True)
        self.filter_edit.setAccessibleName(f"Filter {name.lower()}")
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.reload)
        self.filter_edit.textChanged.connect(self._timer.start)
        self.filter_edit.setMinimumWidth(110)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 3)
        for widget in filters:
            widget.setMaximumWidth(190)
            if isinstance(widget, QComboBox):
                # Narrow enough that four filters and a button fit beside the box at 1024 pixels
                # (Qt widens the open list to its longest entry).
                widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                widget.setMinimumContentsLength(5)
            bar.addWidget(widget, 1)
            signal = getattr(widget, "currentIndexChanged", None)
            if signal is not None:
                signal.connect(self.reload)
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            bar.addWidget(button)
        self.table = make_table(model, name)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(lambda index: self.activated.emit(self.model.row_at(index.row())))
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: gray;")
        self.empty_label = QLabel(empty_hint, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty_label.setAccessibleName(f"{name}: empty")
        self.empty_label.setMargin(12)
        self.empty_label.setStyleSheet("color: gray; font-size: 14px;")
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.table_stack)
        left_layout.addWidget(self.count_label)
        self.detail = detail
        self.splitter = QSplitter(orientation)
        self.splitter.addWidget(left)
        self.splitter.addWidget(detail)
        vertical = orientation == Qt.Orientation.Vertical
        self.splitter.setStretchFactor(0, 2 if vertical else 3)
        self.splitter.setStretchFactor(1, 3 if vertical else 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, 440] if vertical else [760, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.splitter)
        self.restore_state()

    def filter_text(self) -> str:
        return self.filter_edit.text()

    @Slot()
    def reload(self) -> None:
        current, row = self.current(), self.table.currentIndex().row()
        self.model.reload()
        total = self.model.total()
        self.table_stack.setCurrentWidget(self.table if total else self.empty_label)
        if not total:
            blank = self.blank_hint is not None and self._has_records is not None and not self._has_records()
            self.empty_label.setText(self.blank_hint if blank else self.empty_hint)
        self.count_label.setText(f"{total:,} shown")
        if current is not None and hasattr(current, "id"):
            self.select_id(current.id, near=row)

    def current(self) -> Any | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_id(self, record_id: int, *, near: int | None = None) -> bool:
        row = self.model.row_of_id(record_id, near=near)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    @Slot()
    def _on_current(self, current, _previous) -> None:  # noqa: ANN001
        self.current_changed.emit(self.model.row_at(current.row()) if current.isValid() else None)

    # -- remembered layout -------------------------------------------------------------------------
    def restore_state(self) -> None:
        settings = QSettings()
        header = settings.value(f"{self.settings_key}/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        splitter = settings.value(f"{self.settings_key}/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue(f"{self.settings_key}/header", self.table.horizontalHeader().saveState())
        settings.setValue(f"{self.settings_key}/splitter", self.splitter.saveState())
