"""A tab listing the records of one kind inside an engagement, with New, Edit and Delete."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.table import Column, RowTableModel, make_table
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, columns_in, translate
from kpo_desk.ui.records import Editor, kind_name, new_title
from kpo_desk.ui.theme import semantic_style


class TextColumnsFit(QObject):
    """The width a table has to spare goes to its text columns (a control, a description, a
    change), not to short ones such as "Client sees" or an empty Evidence column: every other
    column is as wide as its header and the rows it shows (never wider than declared), and the
    text columns share the rest in proportion to their declared widths. Text longer than its
    column is elided ("…"); the column's tooltip has it whole."""

    def __init__(self, table: QTableView, text_columns: Sequence[int], *, minimum: int = 120) -> None:
        super().__init__(table)
        self.table, self.text_columns, self.minimum = table, list(text_columns), minimum
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in self.text_columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(lambda *_: QTimer.singleShot(0, self, self.fit))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False

    def declared(self, column: int) -> int:
        columns = getattr(self.table.model(), "columns", None)
        return columns[column].width if columns else self.table.horizontalHeader().sectionSize(column)

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        widths: dict[int, int] = {}
        floors: dict[int, int] = {}
        for column in range(header.count()):
            if column in self.text_columns or header.isSectionHidden(column):
                continue
            floors[column] = header.sectionSizeFromContents(column).width()
            wanted = max(floors[column], self.table.sizeHintForColumn(column))
            widths[column] = min(wanted, self.declared(column))
        room = self.table.viewport().width() - sum(widths.values())
        # Too narrow for the text columns' minimum: the other columns give up what they have
        # beyond their header's width (their text is elided, the tooltip has it), rather than
        # pushing the table into a horizontal scroll bar.
        deficit = self.minimum * len(self.text_columns) - room
        slack = {c: widths[c] - floors[c] for c in widths if widths[c] > floors[c]}
        if deficit > 0 and slack:
            total = sum(slack.values())
            take = min(deficit, total)
            for column, spare in slack.items():
                cut = -(-take * spare // total)
                widths[column] -= min(cut, spare)
            room = self.table.viewport().width() - sum(widths.values())
        for column, width in widths.items():
            header.resizeSection(column, width)
        shares = sum(self.declared(c) for c in self.text_columns) or 1
        for column in self.text_columns:
            header.resizeSection(column, max(self.minimum, room * self.declared(column) // shares))

#: A tab's words when it has no rows yet (the English ones as "No {label}s yet…" wrote them).
EMPTY_HINTS = {
    "assignment": QT_TRANSLATE_NOOP("Records", "No assignments yet. Use “New assignment…” to add one."),
    "milestone": QT_TRANSLATE_NOOP("Records", "No milestones yet. Use “New milestone…” to add one."),
    "risk": QT_TRANSLATE_NOOP("Records", "No risks yet. Use “New risk…” to add one."),
    "timeentry": QT_TRANSLATE_NOOP("Records", "No time entrys yet. Use “New time entry…” to add one."),
}


class RecordTab(QWidget):
    """Rows come from ``loader(engagement_id)``, a core query; edits go through ``Editor``."""

    def __init__(self, editor: Editor, record_type: str, label: str, columns: Sequence[Column],
                 loader: Callable[[int], list[Any]], *, context_key: str = "engagement_id",
                 can_delete: bool = True, editable: bool = True, extra_buttons: Sequence[QPushButton] = (),
                 empty_hint: str = "", text_columns: Sequence[str] = ()) -> None:
        super().__init__()
        self.editor, self.record_type, self.label = editor, record_type, label
        self._loader, self._context_key = loader, context_key
        self.owner_id: int | None = None
        self.model = RowTableModel(columns_in(columns), lambda _key, _desc: self._load(), self)
        self.table = make_table(self.model, label, sortable=False)
        self.table.doubleClicked.connect(self.edit_current)
        keys = [c.key for c in columns]
        self.fit = TextColumnsFit(self.table, [keys.index(k) for k in text_columns]) if text_columns else None
        shown = kind_name(record_type, label)
        new = new_title(record_type, label)
        self.new_button = QPushButton(self.tr("{new}…").format(new=new))
        self.new_button.setAccessibleName(new)
        self.new_button.clicked.connect(self.new)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setAccessibleName(self.tr("Edit {label}").format(label=shown))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setAccessibleName(self.tr("Delete {label}").format(label=shown))
        self.delete_button.clicked.connect(self.delete_current)
        self.delete_button.setVisible(can_delete and editable)
        self.editable = editable
        self.new_button.setVisible(editable)
        self.edit_button.setVisible(editable)
        delete_action = QAction(self, shortcut=QKeySequence.StandardKey.Delete,
                                shortcutContext=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete_action.triggered.connect(self.delete_current)
        self.table.addAction(delete_action)
        self.empty_hint = QLabel(empty_hint or translate("Records", EMPTY_HINTS[record_type]) if record_type in EMPTY_HINTS
                                 else empty_hint or f"No {label}s yet. Use “New {label}…” to add one.")
        self.empty_hint.setStyleSheet(semantic_style("muted"))
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
