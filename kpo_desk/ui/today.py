"""The start-up digest: what is due, overdue or expiring today. There is no mail server and no
cron: the laptop app itself reminds, when it opens."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from kpo_desk.core.overview.attention import AttentionItem
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.table import RowTableModel, make_table
from kpo_desk.ui.common.words import columns_in
from kpo_desk.ui.dashboard.view import COLUMNS, summary_line

SETTING = "today/show_at_start"


def wants_digest() -> bool:
    return QSettings().value(SETTING, True, type=bool)


class TodayDialog(QDialog):
    def __init__(self, items: list[AttentionItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Today"))
        fit_to_screen(self, 980, 520)
        # The same words as the dashboard's summary line: both come from core.
        self.summary = QLabel(summary_line(items), wordWrap=True)
        self.summary.setAccessibleName(self.tr("Today summary"))
        heading = QLabel(self.tr("<h2>Today</h2>"))
        self.model = RowTableModel(columns_in(COLUMNS), lambda _k, _d: items, self)
        self.model.reload()
        self.table = make_table(self.model, "Today", sortable=False)
        self.table.doubleClicked.connect(self._open)
        self.show_again = QCheckBox(self.tr("Show this at start-up"), checked=wants_digest())
        self.show_again.toggled.connect(lambda on: QSettings().setValue(SETTING, on))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.show_again)
        layout.addWidget(buttons)

    def _open(self, index) -> None:  # noqa: ANN001
        item = self.model.row_at(index.row())
        if item is not None:
            bus().open_record.emit("engagement", item.engagement_id)
            self.accept()
