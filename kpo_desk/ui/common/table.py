"""A table model over light row objects, with columns declared once.

Rows come from a core query that sorts (and filters) in SQL; the model only shows them.
A paged model knows its row count from SQL and fetches a page only when a row of it is looked
at, so that a 20,000-row list opens with one page, and jumps to its end with one more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from kpo_desk.core.wording import display_date, display_datetime

Index = QModelIndex | QPersistentModelIndex
ROW_HEIGHT = 26
BATCH = 500
#: Pages a paged model keeps; the oldest looked-at page is dropped beyond that (bounded memory).
KEPT_PAGES = 12


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
    #: This column takes the width the others leave, never less than ``width`` (the list fits
    #: its view, with no horizontal scroll bar until the view is too narrow for that).
    stretch: bool = False


class RowTableModel(QAbstractTableModel):
    """Columns from ``columns``; rows from ``loader(sort_key, descending)``, a core query.

    With ``pager(sort_key, descending, offset, limit)`` and ``counter()`` instead, rows come
    from SQL one page at a time, when the view first asks for a row of that page. A paged model
    may also have ``locator(sort_key, descending, record_id)``: the row of a record (-1 when it
    is not listed, None when it cannot tell), so that finding one costs a query, not a search.
    """

    def __init__(self, columns: Sequence[Column], loader: Callable[[str, bool], list[Any]] | None = None,
                 parent=None, *, pager: Callable[[str, bool, int, int], list[Any]] | None = None,  # noqa: ANN001
                 counter: Callable[[], int] | None = None,
                 locator: Callable[[str, bool, int], int | None] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._loader, self._pager, self._counter, self._locator = loader, pager, counter, locator
        self._all: list[Any] = []
        self._pages: dict[int, list[Any]] = {}  # paged: page number -> rows, oldest looked-at first
        self._shown = 0
        self._total = 0
        self.sort_key, self.descending = self.columns[0].key, False
        self.loaded = False

    def reload(self) -> None:
        self.loaded = True
        self.beginResetModel()
        if self._pager is not None:
            first = self._pager(self.sort_key, self.descending, 0, BATCH)
            self._pages = {0: first}
            self._total = self._shown = self._counter() if len(first) == BATCH else len(first)
        else:
            self._all = self._loader(self.sort_key, self.descending)
            self._total = len(self._all)
            self._shown = min(len(self._all), BATCH)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        if not 0 <= row < self._shown:
            return None
        if self._pager is None:
            return self._all[row]
        number, at = divmod(row, BATCH)
        page = self._pages.pop(number, None)
        if page is None:
            page = self._pager(self.sort_key, self.descending, number * BATCH, BATCH)
            if len(self._pages) >= KEPT_PAGES:
                del self._pages[next(iter(self._pages))]
        self._pages[number] = page  # now the most recently looked at
        return page[at] if at < len(page) else None  # shorter: the store changed since counting

    def total(self) -> int:
        return self._total

    def row_of_id(self, record_id: int, *, near: int | None = None) -> int:
        """The row of the record with ``id`` ``record_id``, or -1."""
        def same(row: Any) -> bool:
            return getattr(row, "id", None) == record_id

        if self._pager is not None and self._locator is not None:
            row = self._locator(self.sort_key, self.descending, record_id)
            if row == -1:
                return -1
            if row is not None and row < self._shown and same(self.row_at(row)):
                return row
            if row is not None:  # the store changed since the count: look around where it was said to be
                near = row
        return self.row_of(same, near=near)

    def row_of(self, predicate: Callable[[Any], bool], *, search_pages: int = 40, near: int | None = None) -> int:
        """The row matching ``predicate``, loading further pages (up to ``search_pages``) to find it;
        a paged model looks first in the page of row ``near`` and its neighbours."""
        if self._pager is not None:
            last_page = (self._total - 1) // BATCH
            first = [] if near is None else [near // BATCH, near // BATCH - 1, near // BATCH + 1]
            order = dict.fromkeys(n for n in [*first, *range(search_pages + 1)] if 0 <= n <= last_page)
            for number in order:
                for row in range(number * BATCH, min(self._total, (number + 1) * BATCH)):
                    found = self.row_at(row)
                    if found is not None and predicate(found):
                        return row
            return -1
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
        if not index.isValid():
            return None
        row, column = self.row_at(index.row()), self.columns[index.column()]
        if row is None:
            return None
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
        key, descending = self.columns[column].key, order == Qt.SortOrder.DescendingOrder
        if self.loaded and (key, descending) == (self.sort_key, self.descending):
            return  # already in that order (Qt asks again when the header's indicator is set)
        self.sort_key, self.descending = key, descending
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
    if isinstance(value, datetime):
        return display_datetime(value)
    if isinstance(value, date):
        return display_date(value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


class _StretchColumn(QObject):
    """Keeps one column as wide as the view leaves it, but never narrower than ``least``; the
    other columns keep the widths a person gives them."""

    def __init__(self, view: QTableView, column: int, least: int) -> None:
        super().__init__(view)
        self.view, self.column, self.least = view, column, least
        self._busy = False
        view.horizontalHeader().sectionResized.connect(self._on_resized)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _on_resized(self, index: int, _old: int, _new: int) -> None:
        if index != self.column:
            self.fit()

    def fit(self) -> None:
        if self._busy:
            return
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count())
                     if i != self.column and not header.isSectionHidden(i))
        wanted = max(self.least, self.view.viewport().width() - others)
        if header.sectionSize(self.column) != wanted:
            self._busy = True
            try:
                header.resizeSection(self.column, wanted)
            finally:
                self._busy = False


def make_table(model: RowTableModel, name: str, *, sortable: bool = True) -> QTableView:
    """A QTableView set up the way every list in the app is: uniform rows, row selection."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSortingEnabled(sortable)
    if sortable:
        view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        # A new order starts at its top (and a paged list then fetches only its first page).
        view.horizontalHeader().sortIndicatorChanged.connect(lambda *_: view.scrollToTop())
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = view.horizontalHeader()
    stretched = next((i for i, column in enumerate(model.columns) if column.stretch), None)
    header.setStretchLastSection(stretched is None)
    header.setHighlightSections(False)
    header.setMinimumSectionSize(24)
    for i, column in enumerate(model.columns):
        header.resizeSection(i, column.width)
    if stretched is not None:
        view.viewport().installEventFilter(_StretchColumn(view, stretched, model.columns[stretched].width))

    def scroll_only_with_rows() -> None:
        """An empty list has nothing to scroll to: no horizontal scroll bar under its header."""
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if model.rowCount()
                                          else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
        signal.connect(scroll_only_with_rows)
    scroll_only_with_rows()
    return view
