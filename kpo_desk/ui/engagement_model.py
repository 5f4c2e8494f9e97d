"""The engagement list's table model: rows come sorted and filtered from core (SQL)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.core.services.engagements import EngagementRow
from kpo_desk.core.store import Store

Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#c0392b")
COLUMNS = (
    ("code", "Code"),
    ("client", "Client"),
    ("service_type", "Service"),
    ("status", "Status"),
    ("lead", "Lead"),
    ("next_milestone_due", "Next milestone"),
)


class EngagementTableModel(QAbstractTableModel):
    """Columns: code, client, service, status, lead, next milestone."""

    def __init__(self, store: Store, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._store = store
        self._rows: list[EngagementRow] = []
        self._sort = ("code", False)
        self._text = ""

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        key, descending = self._sort
        self._rows = list_engagement_rows(self._store, text=self._text, sort=key, descending=descending)
        self.endResetModel()

    def set_filter_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.reload()

    def row_at(self, row: int) -> EngagementRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, engagement_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == engagement_id), -1)

    # -- Qt overrides ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "next_milestone_due" and row.next_milestone:
                return f"{row.next_milestone}, due {row.next_milestone_due or 'undated'}"
            if key == "code":
                return row.title
        if (role == Qt.ItemDataRole.ForegroundRole and key == "next_milestone_due"
                and row.next_milestone_due and row.next_milestone_due < date.today()):
            return OVERDUE
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    @staticmethod
    def _display(row: EngagementRow, key: str) -> str:
        if key == "service_type":
            return row.service_type.label
        if key == "status":
            return row.status.label
        if key == "next_milestone_due":
            if not row.next_milestone:
                return ""
            due = row.next_milestone_due.isoformat() if row.next_milestone_due else "undated"
            return f"{due}  {row.next_milestone}"
        return str(getattr(row, key))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)
        self.reload()
