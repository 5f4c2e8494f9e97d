"""A table model over light row objects, with columns declared once.

Rows come from a core query that sorts (and filters) in SQL; the model only shows them.
A paged model knows its row count from SQL and fetches a page only when a row of it is looked
at, so that a 20,000-row list opens with one page, and jumps to its end with one more.

Every list fits its view, with no horizontal scroll bar whenever that is possible (the one rule,
kept by ``ColumnFitter``): one text column stretches, the others shrink to their least widths,
then the optional ones hide (``hide_rank``), and text cut short ends in "…" with the whole text
in the cell's tooltip (``ListDelegate``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QHelpEvent, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

from kpo_desk.core.wording import plain

Index = QModelIndex | QPersistentModelIndex
ROW_HEIGHT = 26
BATCH = 500
#: Pages a paged model keeps; the oldest looked-at page is dropped beyond that (bounded memory).
KEPT_PAGES = 12
_DISPLAY, _DECORATION, _FOREGROUND = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                                      Qt.ItemDataRole.ForegroundRole)
_TOOLTIP, _ALIGNMENT, _USER = Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.UserRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


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
    #: This column takes the width the others leave, never less than its least width (``least``,
    #: else ``width``); without one, the last shown column does. Room is taken from it first.
    stretch: bool = False
    #: The narrowest the column may be squeezed to before anything hides (its text is then
    #: elided, whole in the tooltip). None: ``width`` for the stretch column, else as wide as
    #: its header's title.
    least: int | None = None
    #: 0: always shown. 1, 2, …: hidden when the view cannot hold every shown column at its
    #: least width; the highest rank hides first, and shows again when there is room.
    hide_rank: int = 0


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
        pages = self._pages
        if number != next(reversed(pages), None):  # not the page looked at last: make it so
            page = pages.pop(number, None)
            if page is None:
                page = self._pager(self.sort_key, self.descending, number * BATCH, BATCH)
                if len(pages) >= KEPT_PAGES:
                    del pages[next(iter(pages))]
            pages[number] = page  # now the most recently looked at
        page = pages[number]
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

    def data(self, index: Index, role: int = _DISPLAY):
        # Qt asks for about seven roles for every cell it paints: the common ones are answered
        # first, and the roles are compared with constants (looking ``Qt.ItemDataRole.…`` up
        # each time took most of a call's time).
        if role == _DISPLAY:
            row = self.row_at(index.row())
            if row is None:
                return None
            column = self.columns[index.column()]
            return column.text(row) if column.text else plain(getattr(row, column.key, ""))
        if role == _DECORATION:
            answer = "decoration"
        elif role == _FOREGROUND:
            answer = "colour"
        elif role == _TOOLTIP:
            answer = "tooltip"
        elif role == _ALIGNMENT:
            if index.isValid() and self.columns[index.column()].align_right:
                return _RIGHT
            return None
        elif role == _USER:
            return self.row_at(index.row())
        else:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        how = getattr(self.columns[index.column()], answer)
        return None if how is None else how(row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key, descending = self.columns[column].key, order == Qt.SortOrder.DescendingOrder
        if self.loaded and (key, descending) == (self.sort_key, self.descending):
            return  # already in that order (Qt asks again when the header's indicator is set)
        self.sort_key, self.descending = key, descending
        if self.loaded:  # before the first load, only remember the order (views are built sorted)
            self.reload()


class ColumnFitter(QObject):
    """Keeps a table's columns within its view: the stretch column (else the last shown one)
    takes the width the others leave; when the view is too narrow, the stretch column gives
    way first, down to its least width, then the others, each in proportion to what it can give;
    when even the least widths do not fit, columns hide, highest ``hide_rank`` first. Only when
    nothing more may hide does the horizontal scroll bar appear.

    A width set from outside (a person dragging a divider, or code) is kept: that column no
    longer shrinks nor hides. ``pinned`` holds those widths, so that a page can remember them."""

    def __init__(self, view: QTableView, columns: Sequence[Column]) -> None:
        super().__init__(view)
        self.view, self.columns = view, list(columns)
        self.stretch = next((i for i, column in enumerate(self.columns) if column.stretch), None)
        self.pinned: dict[int, int] = {}
        self.hidden: set[int] = set()
        self._busy = False
        view.horizontalHeader().sectionResized.connect(self._on_resized)
        view.viewport().installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _on_resized(self, index: int, _old: int, new: int) -> None:
        if self._busy:
            return
        if new > 0 and index != self._stretching(self._shown()):
            self.pinned[index] = new
        self.fit()

    def pin(self, widths: dict[int, int]) -> None:
        """Keep these widths (column -> pixels), as a person left them."""
        self.pinned = {i: w for i, w in widths.items() if 0 <= i < len(self.columns) and w > 0}
        self.fit()

    # -- the widths ------------------------------------------------------------------------------
    def preferred(self, i: int) -> int:
        return self.pinned.get(i, self.columns[i].width)

    def least(self, i: int) -> int:
        if i in self.pinned:
            return self.pinned[i]
        column = self.columns[i]
        if column.least is not None:
            return min(column.least, column.width)
        if i == self.stretch:
            return column.width
        header = self.view.horizontalHeader()
        title = header.fontMetrics().horizontalAdvance(column.header) + 2 * _CELL_MARGIN
        return max(header.minimumSectionSize(), min(column.width, title))

    def _shown(self) -> list[int]:
        return [i for i in range(len(self.columns)) if i not in self.hidden]

    def _stretching(self, shown: list[int]) -> int | None:
        if self.stretch is not None:
            return self.stretch
        return shown[-1] if shown else None

    def widths(self, room: int) -> tuple[set[int], dict[int, int]]:
        """The columns to hide and the width of each shown one, for a view ``room`` pixels wide."""
        hidden: set[int] = set()
        order = sorted((i for i, c in enumerate(self.columns)
                        if c.hide_rank > 0 and i != self.stretch and i not in self.pinned),
                       key=lambda i: (-self.columns[i].hide_rank, -i))
        shown = list(range(len(self.columns)))
        while order and sum(self.least(i) for i in shown) > room:
            hidden.add(order.pop(0))
            shown = [i for i in shown if i not in hidden]
        stretching = self._stretching(shown)
        others = [i for i in shown if i != stretching]
        widths = {i: self.preferred(i) for i in others}
        left = room - (self.least(stretching) if stretching is not None else 0)
        need = sum(widths.values()) - left
        if need > 0:
            give = {i: widths[i] - self.least(i) for i in others}
            total = sum(give.values())
            for i in others:
                if total:
                    widths[i] -= min(give[i], -(-need * give[i] // total))  # rounded up: the sum fits
        if stretching is not None:
            widths[stretching] = max(self.least(stretching), room - sum(widths[i] for i in others))
        return hidden, widths

    def fit(self) -> None:
        if self._busy or not self.columns:
            return
        header = self.view.horizontalHeader()
        hidden, widths = self.widths(self.view.viewport().width())
        self._busy = True
        try:
            for i in range(len(self.columns)):
                if header.isSectionHidden(i) != (i in hidden):
                    header.setSectionHidden(i, i in hidden)
                if i not in hidden and header.sectionSize(i) != widths[i]:
                    header.resizeSection(i, widths[i])
            self.hidden = hidden
        finally:
            self._busy = False


#: The room Qt leaves on each side of a cell's text (Fusion: the focus frame's margin + 1).
_CELL_MARGIN = 4
_KEPT_ICONS: dict[tuple[int, int, int, int], QIcon] = {}


class ListDelegate(QStyledItemDelegate):
    """How every list draws its cells: a text cut short shows whole in its tooltip (above the
    column's own tooltip, if that does not hold it). Columns with an icon draw with ``IconDelegate``."""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,  # noqa: N802
                  index: Index) -> bool:
        if event is None or view is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        own, text = index.data(Qt.ItemDataRole.ToolTipRole), cut_text(view, index)
        if own and (not text or text in str(own)):
            return super().helpEvent(event, view, option, index)
        if text and own:
            text = f"{text}\n{own}"  # the whole text first, then what the column's tooltip adds
        if text:
            QToolTip.showText(event.globalPos(), text, view, view.visualRect(index))
        else:
            QToolTip.hideText()
            event.ignore()
        return True


class IconDelegate(ListDelegate):
    """A column with a status icon: the icon keeps its colour in the selected row, on a ring of
    the highlighted-text colour (a red dot on a blue highlight would vanish).

    Only such columns use it: Qt calls ``initStyleOption`` for every cell it paints, and one
    answered in Python costs about as much as the rest of the cell's painting."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected and not option.icon.isNull() and not option.icon.availableSizes(QIcon.Mode.Selected) \
                and option.decorationSize.isValid():
            option.icon = ringed_icon(option.icon, option.decorationSize.width(), option.decorationSize.height(),
                                      option.palette.color(QPalette.ColorRole.HighlightedText))


def cell_option(view: QAbstractItemView, index: Index) -> QStyleOptionViewItem:
    """The style option the view paints the cell at ``index`` with (as far as it can be known
    from outside the view: its rectangle, font, icon size and the delegate's data)."""
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(index)
    size = view.iconSize()
    if not size.isValid():
        side = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
        size = QSize(side, side)
    option.decorationSize = size
    if view.selectionModel() is not None and view.selectionModel().isSelected(index):
        option.state |= QStyle.StateFlag.State_Selected
    delegate = view.itemDelegateForIndex(index)
    if isinstance(delegate, QStyledItemDelegate):
        delegate.initStyleOption(option, index)
    return option


def cut_text(view: QAbstractItemView, index: Index) -> str | None:
    """The cell's whole text when its column is too narrow to show it all, else None."""
    option = cell_option(view, index)
    text = option.text
    if not text:
        return None
    room = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view).width()
    return text if option.fontMetrics.horizontalAdvance(text) > room - 2 * _CELL_MARGIN else None


def ringed_icon(icon: QIcon, width: int, height: int, ring: QColor) -> QIcon:
    """``icon`` in its own colours, on a disc of ``ring`` colour a little larger than it."""
    key = (icon.cacheKey(), width, height, ring.rgba())
    if key not in _KEPT_ICONS:
        pixmap = QPixmap(width, height)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ring)
        side = min(width, height)
        painter.drawEllipse((width - side) / 2, (height - side) / 2, side, side)
        icon.paint(painter, QRect(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, QIcon.Mode.Normal)
        painter.end()
        kept = QIcon()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
            kept.addPixmap(pixmap, mode)
        _KEPT_ICONS[key] = kept
    return _KEPT_ICONS[key]


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
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setItemDelegate(ListDelegate(view))
    icons = IconDelegate(view)
    for i, column in enumerate(model.columns):
        if column.decoration is not None:
            view.setItemDelegateForColumn(i, icons)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setHighlightSections(False)
    header.setMinimumSectionSize(24)
    for i, column in enumerate(model.columns):
        header.resizeSection(i, column.width)
    view.column_fitter = ColumnFitter(view, model.columns)

    def scroll_only_with_rows() -> None:
        """An empty list has nothing to scroll to: no horizontal scroll bar under its header."""
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if model.rowCount()
                                          else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
        signal.connect(scroll_only_with_rows)
    scroll_only_with_rows()
    return view
