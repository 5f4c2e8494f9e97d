"""A list with a detail pane: the shape of every main view."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
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
                 orientation: Qt.Orientation = Qt.Orientation.Horizontal,
                 sizes: tuple[int, int] | None = None, stretch: tuple[int, int] | None = None) -> None:
        """``empty_hint`` shows when the filters hide every row; ``blank_hint`` when there is
        nothing to list at all (``has_records()`` is false), which calls for other words.
        ``sizes`` and ``stretch`` share the splitter between the list and the detail pane (a
        detail pane of a few lines asks for less, so that the list has room for its columns)."""
        super().__init__()
        self.model = model
        self.settings_key = settings_key
        self.empty_hint, self.blank_hint, self._has_records = empty_hint, blank_hint, has_records
        self.filter_edit = QLineEdit(placeholderText=placeholder, clearButtonEnabled=True)
        self.filter_edit.setAccessibleName(self.tr("Filter {lower}").format(lower=name.lower()))
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.reload)
        self.filter_edit.textChanged.connect(self._timer.start)
        self.filter_edit.setMinimumWidth(110)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 3)
        for widget in filters:
            if isinstance(widget, QComboBox):
                fit_combo(widget)
            else:
                widget.setMaximumWidth(190)
            # The box takes what the filters leave: they keep their size hint (their entries
            # whole) while the bar has room for it.
            bar.addWidget(widget, 0 if isinstance(widget, QComboBox) else 1)
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
        self.empty_label.setAccessibleName(self.tr("{name}: empty").format(name=name))
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
        stretch = stretch or ((2, 3) if vertical else (3, 2))
        self.splitter.setStretchFactor(0, stretch[0])
        self.splitter.setStretchFactor(1, stretch[1])
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes(list(sizes or ((380, 440) if vertical else (760, 520))))
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
        self.count_label.setText(self.tr("{total:,} shown").format(total=total))
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
        """The order, the column widths a person set, and the splitter. (Fitted widths are not
        kept: they depend on the window, and are fitted again.)"""
        settings = QSettings()
        header = self.table.horizontalHeader()
        sort = _json(settings.value(f"{self.settings_key}/sort"))
        if isinstance(sort, list) and len(sort) == 2 and all(isinstance(n, int) for n in sort) \
                and 0 <= sort[0] < header.count() and self.table.isSortingEnabled():
            header.setSortIndicator(sort[0], Qt.SortOrder(sort[1]))
        widths = _json(settings.value(f"{self.settings_key}/widths"))
        if isinstance(widths, dict):
            self.table.column_fitter.pin({int(k): int(v) for k, v in widths.items()
                                          if str(k).isdigit() and isinstance(v, int)})
        splitter = settings.value(f"{self.settings_key}/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        settings = QSettings()
        header = self.table.horizontalHeader()
        settings.setValue(f"{self.settings_key}/sort",
                          json.dumps([header.sortIndicatorSection(), header.sortIndicatorOrder().value]))
        settings.setValue(f"{self.settings_key}/widths", json.dumps(self.table.column_fitter.pinned))
        settings.setValue(f"{self.settings_key}/splitter", self.splitter.saveState())


def _json(value: object) -> object:
    try:
        return json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None


#: The widest text a filter box makes room for, in wide letters ("X"): enough for "Open
#: follow-ups"; a longer entry (a service, a client's name) is elided, whole in the open list.
FILTER_TEXT_LETTERS = 12


def fit_combo(combo: QComboBox) -> None:
    """A filter box as wide as its longest entry (up to ``FILTER_TEXT_LETTERS``) when the bar
    has room, and never narrower than its first entry ("All channels", "Every entry"), which
    therefore always reads whole; an entry cut short is whole in the box's tooltip."""

    def fit() -> None:
        metrics = combo.fontMetrics()
        first = combo.itemText(0) if combo.count() else ""
        longest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
        least = combo_width(combo, metrics.horizontalAdvance(first))
        combo.setMinimumWidth(least)
        combo.setMaximumWidth(max(least, combo_width(combo, min(longest, FILTER_TEXT_LETTERS
                                                               * metrics.horizontalAdvance("X")))))
        cut = combo.maximumWidth() < combo_width(combo, metrics.horizontalAdvance(combo.currentText()))
        combo.setToolTip(combo.currentText() if cut else "")

    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    model = combo.model()
    for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
        signal.connect(fit)
    combo.currentTextChanged.connect(fit)
    fit()


def combo_width(combo: QComboBox, text_width: int) -> int:
    """The width ``combo`` needs to show a text ``text_width`` pixels wide (frame, arrow and
    margins included)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    inner = QSize(text_width + 2, combo.fontMetrics().height())
    return combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, inner, combo).width()


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when the label is too narrow, the whole text
    then in its tooltip (a heading that must not wrap and push the page down)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setMinimumWidth(40)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(self.width(), 1))
        if shown != self.text():
            self.setText(shown)
        self.setToolTip(self.full_text if shown != self.full_text else "")
