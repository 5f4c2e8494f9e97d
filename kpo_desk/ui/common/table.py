"""A table model over light row objects, with columns declared once.

Rows come from a core query that sorts (and filters) in SQL; the model only shows them.
Large results arrive in batches through canFetchMore/fetchMore.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex
ROW_HEIGHT = 26
BATCH = 500


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 120
    text: Callable[[Any], str] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    colour: Callable[[Any], QColor | None] | None = None
    decoration: Callable[[Any], Any] | None = None
    align_right: bool = False


class RowTableModel(QAbstractTableModel):
    """Columns from ``columns``; rows from ``loader(sort_key, descending)``, a core query.

    With ``pager(sort_key, descending, offset, limit)`` and ``counter()`` instead, rows come
    from SQL one page at a time as the view scrolls: a 20,000-row list opens with one page.
    """

    def __init__(self, columns: Sequence[Column], loader: Callable[[str, bool], list[Any]] | None = None,
                 parent=None, *, pager: Callable[[str, bool, int, int], list[Any]] | None = None,  # noqa: ANN001
                 counter: Callable[[], int] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._loader, self._pager, self._counter = loader, pager, counter
        self._all: list[Any] = []
        self._shown = 0
        self._total = 0
        self.sort_key, self.descending = self.columns[0].key, False
        self.loaded = False

    def reload(self) -> None:
        self.loaded = True
        self.beginResetModel()
        if self._pager is not None:
            self._all = self._pager(self.sort_key, self.descending, 0, BATCH)
            self._total = self._counter() if len(self._all) == BATCH else len(self._all)
        else:
            self._all = self._loader(self.sort_key, self.descending)
            self._total = len(self._all)
        self._shown = min(len(self._all), BATCH)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self._all[row] if 0 <= row < self._shown else None

    def total(self) -> int:
        return self._total

    def row_of(self, predicate: Callable[[Any], bool], *, search_pages: int = 40) -> int:
        """The row matching ``predicate``, loading further pages (up to ``search_pages``) to find it."""
        start = 0
        for _ in range(search_pages + 1):
            for i in range(start, len(self._all)):
                if predicate(self._all[i]):
                    while i >= self._shown and self.canFetchMore():
                        self.fetchMore()
                    return i
            start = len(self._all)
            if not self.canFetchMore():
                return -1
            self.fetchMore()
        return -1

    # -- Qt overrides --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._shown < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        if self._pager is not None and self._shown >= len(self._all):
            size = max(BATCH, len(self._all))  # pages double: the end of 20,000 rows is six queries away
            page = self._pager(self.sort_key, self.descending, len(self._all), size)
            self._all.extend(page)
            if len(page) < size:  # the store changed since counting: what we have is all there is
                self._total = len(self._all)
        more = min(BATCH, len(self._all) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._shown:
            return None
        row, column = self._all[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row) if column.text else _plain(getattr(row, column.key, ""))
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour:
            return column.colour(row)
        if role == Qt.ItemDataRole.DecorationRole and column.decoration:
            return column.decoration(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key = self.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self.loaded:  # before the first load, only remember the order (views are built sorted)
            self.reload()


def _plain(value: Any) -> str:
    if value is None:
        return ""
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def make_table(model: RowTableModel, name: str, *, sortable: bool = True) -> QTableView:
    """A QTableView set up the way every list in the app is: uniform rows, row selection."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSortingEnabled(sortable)
    if sortable:
        view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    for i, column in enumerate(model.columns):
        header.resizeSection(i, column.width)
    return view
