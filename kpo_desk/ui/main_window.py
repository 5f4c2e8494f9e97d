"""The main window: menus, the engagement list with its detail pane, and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kpo_desk import __version__
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.resources import resource
from kpo_desk.core.services.engagements import count_engagements
from kpo_desk.core.store import Store
from kpo_desk.ui.client_dialog import ClientDialog
from kpo_desk.ui.empty_state import EmptyState
from kpo_desk.ui.engagement_detail import EngagementDetail
from kpo_desk.ui.engagement_model import EngagementTableModel

ROW_HEIGHT = 26


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle("KPO Desk")
        self.setWindowIcon(QIcon(str(resource("icons", "kpo-desk.svg"))))
        self._build_list()
        self.empty_state = EmptyState()
        self.empty_state.load_sample_requested.connect(self.load_sample_data)
        self.empty_state.new_client_requested.connect(self.new_client)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.list_page)
        self.setCentralWidget(self.stack)
        self._build_actions()
        self.path_label = QLabel(f"Store: {store.path}")
        self.path_label.setAccessibleName("Store path")
        self.statusBar().addPermanentWidget(self.path_label)
        self._restore_layout()
        self.refresh()

    # -- building --------------------------------------------------------------------------------
    def _build_list(self) -> None:
        self.model = EngagementTableModel(self.store, self)
        self.table = QTableView()
        self.table.setAccessibleName("Engagements")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((150, 210, 190, 90, 110)):
            header.resizeSection(col, width)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.filter_edit = QLineEdit(placeholderText="Filter by code, title or client   (Ctrl+F)",
                                     accessibleName="Filter engagements", clearButtonEnabled=True)
        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(lambda: self.model.set_filter_text(self.filter_edit.text()))
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table)
        self.detail = EngagementDetail(self.store)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.list_page = self.splitter

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.rstrip("…"))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        self.new_client_action = self._action("&New client…", self.new_client, "Ctrl+Shift+N",
                                              "Add a client, with its time zone and language")
        self.sample_action = self._action("Load &sample data", self.load_sample_data, None,
                                          "Fill this empty store with a realistic sample firm")
        quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, "Quit KPO Desk")
        self.refresh_action = self._action("&Refresh", self.refresh, QKeySequence.StandardKey.Refresh,
                                           "Reload the lists from the store")
        find_action = self._action("&Filter engagements", self.filter_edit.setFocus, QKeySequence.StandardKey.Find,
                                   "Type to filter the engagement list")
        about_action = self._action("&About KPO Desk", self.about, None, "Version and licences")
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.new_client_action, self.sample_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = menu.addMenu("&View")
        view_menu.addActions([self.refresh_action, find_action])
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(about_action)

    # -- state -----------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        empty = count_engagements(self.store) == 0
        self.stack.setCurrentWidget(self.empty_state if empty else self.list_page)
        self.sample_action.setEnabled(empty)
        if not empty:
            self.model.reload()
            self.statusBar().showMessage(f"{self.model.rowCount():,} engagements", 4000)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is None:
            self.detail.show_nothing()
        else:
            self.detail.show_engagement(row.id)

    @Slot()
    def load_sample_data(self) -> None:
        from kpo_desk.core.demo import generate_demo

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = generate_demo(self.store)
        except KpoDeskError as exc:
            QMessageBox.warning(self, "Sample data", str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.refresh()
        self.statusBar().showMessage(
            f"Sample firm loaded: {summary.counts['engagement']} engagements, "
            f"{summary.counts['communication']:,} communications.", 8000)

    @Slot()
    def new_client(self) -> None:
        dialog = ClientDialog(self.store, self)
        if dialog.exec() and dialog.client is not None:
            self.statusBar().showMessage(f"Client {dialog.client.name} added.", 6000)
            self.refresh()

    @Slot()
    def about(self) -> None:
        QMessageBox.about(self, "About KPO Desk",
                          f"<h3>KPO Desk {__version__}</h3><p>Engagements, IP-protection checklists, "
                          "communication logs and client reports, offline.</p>"
                          f"<p>Store: {self.store.path}</p>")

    # -- layout memory ---------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 780)
        splitter = settings.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = settings.value("main/engagement_header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("main/engagement_header", self.table.horizontalHeader().saveState())
        super().closeEvent(event)
