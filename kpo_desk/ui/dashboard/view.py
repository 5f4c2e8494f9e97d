"""The dashboard: "Needs attention" first, then the portfolio by status and by service."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.health import HealthMonitor
from kpo_desk.core.overview.attention import AttentionItem, attention_summary_message
from kpo_desk.core.overview.dashboard_snapshot import (
    DashboardSnapshot,
    dashboard_snapshot,
    portfolio_message,
)
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.jobs import QuietJob
from kpo_desk.ui.common.table import Column, RowTableModel, make_table
from kpo_desk.ui.common.words import (
    QT_TRANSLATE_NOOP,
    columns_in,
    gui_count,
    gui_date,
    gui_message,
    gui_word,
    status_label,
    translate,
)
from kpo_desk.ui.records import Editor
from kpo_desk.ui.theme import severity_colour

GAP_COLUMNS = [
    Column("code", QT_TRANSLATE_NOOP("Columns", "Engagement"), 145, least=135, tooltip=lambda g: g.client),
    Column("client", QT_TRANSLATE_NOOP("Columns", "Client"), 130, least=90, stretch=True),
    Column("score", QT_TRANSLATE_NOOP("Columns", "Verified"), 160, least=150, text=lambda g: gui_message(g.score.summary_message),
           colour=lambda g: severity_colour("red" if g.score.percent < 50 else "amber")),
    Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), 90, least=80, hide_rank=1),
]
#: The attention list's columns: the dashboard and the Today digest show the same. The client
#: hides first on a narrow screen (it is in the engagement's tooltip).
COLUMNS = [
    Column("kind", QT_TRANSLATE_NOOP("Columns", "What"), 125, least=120, text=lambda r: gui_word(r.kind),
           tooltip=lambda r: gui_word(r.kind), colour=lambda r: severity_colour(r.severity)),
    Column("text", QT_TRANSLATE_NOOP("Columns", "Detail"), 260, least=160, text=lambda r: detail(r),
           tooltip=lambda r: detail(r), stretch=True),
    Column("when", QT_TRANSLATE_NOOP("Columns", "When"), 90, least=85, text=lambda r: gui_date(r.when, "")),
    Column("code", QT_TRANSLATE_NOOP("Columns", "Engagement"), 145, least=135, tooltip=lambda r: r.client),
    Column("client", QT_TRANSLATE_NOOP("Columns", "Client"), 150, least=100, hide_rank=1),
]
#: What the attention list says under its summary line, on the dashboard and in Today.
OPEN_HINT = QT_TRANSLATE_NOOP("Dashboard", "Double-click or press Enter to open its engagement.")


def detail(item: AttentionItem) -> str:
    """An attention item's sentence in the GUI's language (core words it: ``item.message``)."""
    return gui_message(item.message) if item.message else item.text


def summary_line(items: list[AttentionItem]) -> str:
    """The line above the attention list, in the GUI's language, on the dashboard and in Today."""
    line = gui_message(attention_summary_message(items))
    return f"{line} {translate('Dashboard', OPEN_HINT)}" if items else line


class DashboardView(QWidget):
    #: The figures on screen are fresh (tests and benchmarks wait for it).
    loaded = Signal()

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.snapshot: DashboardSnapshot | None = None
        self.monitor: HealthMonitor | None = None  # used by one job at a time (see reload)
        self._loading = False
        self._stale = False
        #: the risk grid's count labels by (likelihood, impact)
        self._heat_cells: dict[tuple[int, int], QLabel] = {}
        self.model = RowTableModel(columns_in(COLUMNS), lambda _k, _d: self.snapshot.attention if self.snapshot else [], self)
        self.table = make_table(self.model, "Needs attention", sortable=False)
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        self.summary = QLabel(wordWrap=True)
        self.summary.setAccessibleName(self.tr("Attention summary"))
        attention_box = QGroupBox(self.tr("Needs attention"))
        box_layout = QVBoxLayout(attention_box)
        box_layout.addWidget(self.summary)
        box_layout.addWidget(self.table)
        self.status_box = QGroupBox(self.tr("Engagements by status"))
        self.status_grid = QGridLayout(self.status_box)
        self.status_grid.setVerticalSpacing(2)
        self.service_box = QGroupBox(self.tr("Open engagements by service"))
        self.service_grid = QGridLayout(self.service_box)
        self.service_grid.setVerticalSpacing(2)
        self.gaps_model = RowTableModel(columns_in(GAP_COLUMNS), lambda _k, _d: self.snapshot.gaps if self.snapshot else [], self)
        self.gaps_table = make_table(self.gaps_model, "Compliance gaps", sortable=False)
        self.gaps_table.doubleClicked.connect(self._open_gap)
        self.gaps_box = QGroupBox(self.tr("IP-protection gaps, worst first"))
        gaps_layout = QVBoxLayout(self.gaps_box)
        self.portfolio_label = QLabel(wordWrap=True)
        self.portfolio_label.setAccessibleName(self.tr("Portfolio compliance"))
        gaps_layout.addWidget(self.portfolio_label)
        gaps_layout.addWidget(self.gaps_table)
        self.heat_box = QGroupBox(self.tr("Open risks: likelihood × impact"))
        self.heat_grid = QGridLayout(self.heat_box)
        self.heat_grid.setVerticalSpacing(2)
        counts = QWidget()
        self.counts_layout = QVBoxLayout(counts)
        self.counts_layout.setContentsMargins(0, 0, 4, 0)
        self.counts_layout.setSpacing(4)
        self.counts_layout.addWidget(self.status_box)
        self.counts_layout.addWidget(self.service_box)
        self.counts_layout.addWidget(self.heat_box)
        self.counts_layout.addStretch()
        # The tiles scroll rather than set the window's least height (nine services, six
        # statuses and the risk grid are taller than a 700-pixel screen leaves).
        self.counts_scroll = QScrollArea()
        self.counts_scroll.setWidget(counts)
        self.counts_scroll.setWidgetResizable(True)
        self.counts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Never sideways: the column is as wide as its tiles need (set when they are filled), and a
        # horizontal bar would take the height the risk grid's last row needs.
        self.counts_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.counts_scroll.setMinimumWidth(120)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(attention_box)
        left.addWidget(self.gaps_box)
        left.setChildrenCollapsible(False)
        left.setSizes([480, 260])
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.counts_scroll)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([860, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(splitter)
        bus().changed.connect(self._on_changed)

    @Slot(str)
    def _on_changed(self, _record_type: str) -> None:
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        self.reload()
        super().showEvent(event)

    @Slot()
    def reload(self) -> None:
        """Gather the figures off the GUI thread (on a large store they take a moment)."""
        if self._loading:
            self._stale = True
            return
        self._loading, self._stale = True, False
        if self.snapshot is None:
            self.summary.setText(self.tr("Looking at every engagement…"))
        if self.monitor is None:  # keeps every engagement's health; a refresh re-assesses what changed
            self.monitor = HealthMonitor(self.editor.store)
        monitor = self.monitor
        self.job = QuietJob(self, lambda: dashboard_snapshot(self.editor.store, monitor=monitor), self._show_snapshot,
                            self._failed).start()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._loading = False
        self.summary.setText(self.tr("The dashboard could not be refreshed: {message}").format(message=message))

    @Slot(object)
    def _show_snapshot(self, snap: DashboardSnapshot) -> None:
        self._loading = False
        self.snapshot = snap
        self.model.reload()
        self.summary.setText(summary_line(snap.attention))
        self._fill(self.status_grid, [(status_label(s), n) for s, n in snap.by_status.items()], per_row=2)
        self._fill(self.service_grid, [(status_label(s), n) for s, n in snap.by_service.items() if n]
                   or [(self.tr("No open engagements yet"), None)])
        self.gaps_model.reload()
        self.portfolio_label.setText(gui_message(portfolio_message(snap.portfolio)))
        self._fill_heat(snap.heatmap)
        # The tiles' column is as wide as they need (measured once all are filled), so that it
        # scrolls only up and down, if at all; the lists take the rest.
        tiles = self.counts_scroll.widget()
        tiles.layout().activate()
        bar = self.counts_scroll.verticalScrollBar().sizeHint().width()
        self.counts_scroll.setMinimumWidth(min(tiles.sizeHint().width() + bar, 340))
        self.loaded.emit()
        if self._stale:
            self.reload()

    def _fill_heat(self, grid: list[list[int]]) -> None:
        """The risk grid's counts. Its 36 labels are made once (each cell's colour is a style
        sheet, which Qt parses again for every new label); a refresh changes their text."""
        if not self._heat_cells:
            self._build_heat()
        for (likelihood, impact), cell in self._heat_cells.items():
            n = grid[likelihood - 1][impact - 1]
            cell.setText(str(n) if n else "")
            cell.setToolTip(self.tr("{count} with likelihood {likelihood} and impact {impact}").format(count=gui_count(n, translate("Words", "open risk"), translate("Words", "open risks")), likelihood=likelihood, impact=impact))

    def _build_heat(self) -> None:
        layout = self.heat_grid
        layout.addWidget(QLabel(self.tr("<small>L ↓  I →</small>")), 0, 0)
        for impact in range(1, 6):
            layout.addWidget(QLabel(f"<b>{impact}</b>", alignment=Qt.AlignmentFlag.AlignCenter), 0, impact)
        for likelihood in range(5, 0, -1):
            row = 6 - likelihood
            layout.addWidget(QLabel(f"<b>{likelihood}</b>", alignment=Qt.AlignmentFlag.AlignCenter), row, 0)
            for impact in range(1, 6):
                score = likelihood * impact
                colour = "#e74c3c" if score >= 15 else "#f5b041" if score >= 8 else "#abebc6"
                cell = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
                cell.setMinimumSize(30, 22)
                cell.setStyleSheet(f"background: {colour}; color: black; border-radius: 3px;")
                layout.addWidget(cell, row, impact)
                self._heat_cells[likelihood, impact] = cell

    @staticmethod
    def _fill(grid: QGridLayout, pairs: list[tuple[str, int | None]], per_row: int = 1) -> None:
        """Figures with their labels, ``per_row`` pairs side by side (the six statuses take three
        rows, so that the column, risk grid included, fits a 700-pixel screen). A refresh with
        as many figures as shown changes the labels' text instead of making new ones."""
        if grid.count() != 2 * len(pairs):
            _clear(grid)
            for i in range(len(pairs)):
                row, column = divmod(i, per_row)
                number = QLabel(alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(number, row, 2 * column)
                grid.addWidget(QLabel(wordWrap=True), row, 2 * column + 1)
            for column in range(per_row):
                grid.setColumnStretch(2 * column + 1, 1)
        for i, (text, n) in enumerate(pairs):  # the grid holds each figure's number, then its label
            grid.itemAt(2 * i).widget().setText(f"<b style='font-size:13pt'>{n:,}</b>" if n is not None else "")
            grid.itemAt(2 * i + 1).widget().setText(text)

    def _open_gap(self, index) -> None:  # noqa: ANN001
        gap = self.gaps_model.row_at(index.row())
        if gap is not None:
            bus().open_record.emit("engagement", gap.engagement_id)

    def _open(self, index) -> None:  # noqa: ANN001
        item = self.model.row_at(index.row())
        if item is not None:
            bus().open_record.emit("engagement", item.engagement_id)


def _clear(grid: QGridLayout) -> None:
    """Empty a grid now (deleteLater alone leaves the old labels painted until the next loop)."""
    while grid.count():
        widget = grid.takeAt(0).widget()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
