"""The main window: navigation, the six views, menus with every frequent action, undo and redo."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.resources import resource
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.geometry import available_size
from kpo_desk.ui.common.sources import forget_module_sources
from kpo_desk.ui.common.status_bar import PathLabel, WordStatusBar
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, gui_number, translate
from kpo_desk.ui.empty_state import EmptyState
from kpo_desk.ui.theme import themed_icon

if TYPE_CHECKING:
    from kpo_desk.core.store import Store

VIEWS = ("Dashboard", "Engagements", "Clients", "Communications", "Staff", "Reports")
#: The views' names as shown (VIEWS are also the keys kept in QSettings, so they stay English).
VIEW_TITLES = {
    "Dashboard": QT_TRANSLATE_NOOP("MainWindow", "Dashboard"),
    "Engagements": QT_TRANSLATE_NOOP("MainWindow", "Engagements"),
    "Clients": QT_TRANSLATE_NOOP("MainWindow", "Clients"),
    "Communications": QT_TRANSLATE_NOOP("MainWindow", "Communications"),
    "Staff": QT_TRANSLATE_NOOP("MainWindow", "Staff"),
    "Reports": QT_TRANSLATE_NOOP("MainWindow", "Reports"),
}


def view_title(name: str) -> str:
    return translate("MainWindow", VIEW_TITLES[name])
#: Where each view's class lives. A view is built the first time it is shown, so that start-up
#: builds (and imports) only the one the window opens on.
VIEW_CLASSES = {
    "Dashboard": ("kpo_desk.ui.dashboard.view", "DashboardView"),
    "Engagements": ("kpo_desk.ui.engagements.view", "EngagementsView"),
    "Clients": ("kpo_desk.ui.clients.view", "ClientsView"),
    "Communications": ("kpo_desk.ui.communications.view", "CommunicationsView"),
    "Staff": ("kpo_desk.ui.staff.view", "StaffView"),
    "Reports": ("kpo_desk.ui.reports.view", "ReportsView"),
}


def icon(name: str) -> QIcon:
    return QIcon(str(resource("icons", f"{name}.svg")))


#: The window's size on first start, on a screen with room for it.
FIRST_START_SIZE = QSize(1360, 820)
#: A screen smaller than this opens the window maximised on first start.
MAXIMISE_BELOW = QSize(1280, 800)


def first_start_size(room: QSize, share: float = 0.92) -> tuple[QSize, bool]:
    """The first start's window size for a screen whose available area is ``room``:
    FIRST_START_SIZE or ``share`` of the room, whichever is smaller, and whether to maximise
    (on a screen smaller than MAXIMISE_BELOW). Later starts restore the remembered geometry."""
    size = QSize(min(FIRST_START_SIZE.width(), int(room.width() * share)),
                 min(FIRST_START_SIZE.height(), int(room.height() * share)))
    small = room.width() < MAXIMISE_BELOW.width() or room.height() < MAXIMISE_BELOW.height()
    return size, small




class MainWindow(QMainWindow):
    """The desk. ``MainWindow(store)`` is ready at once; ``MainWindow()`` is the window's frame
    alone, which paints before the data layer is even imported, and ``attach(store)`` then fills
    it (that is how the app starts: the window is on screen while the store opens)."""

    def __init__(self, store: Store | None = None, lock=None) -> None:  # noqa: ANN001
        super().__init__()
        self.store: Store | None = None
        self.lock = lock
        self.editor = None
        self.restart_requested = False
        self.handover = None  # (store, lock) for the next window (File ▸ Encrypt store…)
        self.auto_lock = None
        self._views: dict[str, QWidget] = {}
        self.setWindowTitle("KPO Desk")
        self.setWindowIcon(icon("kpo-desk"))
        self.undo_stack = QUndoStack(self)
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view_stack = QStackedWidget()
        for i, name in enumerate(VIEWS):
            item = QListWidgetItem(view_title(name))
            item.setToolTip(f"{view_title(name)} (Ctrl+{i + 1})")
            self.nav.addItem(item)
            self.view_stack.addWidget(self._placeholder(self.tr("Opening the store…")))  # until the view is built
        self._fit_nav()
        self._paint_icons()
        self.nav.currentRowChanged.connect(self._on_nav)
        self.body = QWidget()
        body_layout = QHBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.nav)
        body_layout.addWidget(self.view_stack, 1)
        self.empty_state = EmptyState()
        self.empty_state.load_sample_requested.connect(self.load_sample_data)
        self.empty_state.new_client_requested.connect(self.new_client)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.body)
        self.stack.setCurrentWidget(self.body)
        self.setCentralWidget(self.stack)
        self.setStatusBar(WordStatusBar(self))
        self.path_label = PathLabel(self.tr("Opening the store…"))
        self.path_label.setAccessibleName(self.tr("Store path"))
        self.statusBar().addPermanentWidget(self.path_label)
        self._build_actions()
        self._restore_layout()
        if store is not None:
            self.attach(store, lock)
        else:
            self.setEnabled(False)  # nothing to act on until the store is open

    def attach(self, store: Store, lock=None) -> None:  # noqa: ANN001
        """Give the window its store: build the view it opens on and fill it."""
        from kpo_desk.ui.records import Editor
        from kpo_desk.ui.team.live import start_live_refresh

        self.store = store
        self.lock = lock if lock is not None else self.lock
        self.editor = Editor(store, self.undo_stack, self)
        self.path_label.setText(self.tr("Store: {path}").format(path=store.location))
        bus().message.connect(self.show_message)
        bus().open_record.connect(self.open_record)
        self.setEnabled(True)
        self._attach_protection()
        self._attach_team()
        self.live_refresh = start_live_refresh(self)  # team mode: other people's changes, live
        self.refresh()

    def _attach_protection(self) -> None:
        """The lock overlay's hook (kpo_desk/ui/protection/autolock.py) and the File menu's
        protection entries, which depend on whether the store is encrypted."""
        from kpo_desk.ui.protection.autolock import install_auto_lock

        self.auto_lock = install_auto_lock(self)
        writable = not self.store.read_only
        self.encrypt_action.setEnabled(writable and not self.store.encrypted)
        self.passphrase_action.setEnabled(writable and self.store.encrypted)
        self.lock_action.setEnabled(self.auto_lock is not None)

    def _attach_team(self) -> None:
        """Team mode: a server store's title and offline banner (kpo_desk/ui/team/actions.py)."""
        self.move_action.setEnabled(not self.store.is_server and not self.store.read_only)
        if self.store.is_server:
            from kpo_desk.ui.team.actions import attach_team

            attach_team(self)

    # -- the views, each built when first needed ---------------------------------------------
    def view(self, name: str) -> QWidget:
        built = self._views.get(name)
        if built is None:
            module, class_name = VIEW_CLASSES[name]
            view_class = getattr(import_module(module), class_name)
            if name == "Engagements":
                built = view_class(self.editor, new_action=self.new_engagement_action)
            elif name == "Clients":
                built = view_class(self.editor, new_action=self.new_client_action)
            else:
                built = view_class(self.editor)
            index = VIEWS.index(name)
            current = self.view_stack.currentIndex()
            placeholder = self.view_stack.widget(index)
            self.view_stack.insertWidget(index, built)
            self.view_stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.view_stack.setCurrentIndex(current)
            self._views[name] = built
            forget_module_sources()
        return built

    @property
    def views(self) -> dict[str, QWidget]:
        """Every view, building those not yet shown."""
        return {name: self.view(name) for name in VIEWS}

    dashboard = property(lambda self: self.view("Dashboard"))
    engagements = property(lambda self: self.view("Engagements"))
    clients = property(lambda self: self.view("Clients"))
    communications = property(lambda self: self.view("Communications"))
    staff = property(lambda self: self.view("Staff"))
    reports = property(lambda self: self.view("Reports"))

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # -- look ----------------------------------------------------------------------------------
    def _fit_nav(self) -> None:
        """As wide as its longest name needs, and no wider: every pixel is the views' at 1024 px."""
        metrics = self.nav.fontMetrics()
        text = max(metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count()))
        self.nav.setFixedWidth(text + self.nav.iconSize().width() + 40)

    def _paint_icons(self) -> None:
        """Icons drawn for the current palette (light or dark), so that they stay legible."""
        for i, name in enumerate(VIEWS):
            self.nav.item(i).setIcon(themed_icon(name.lower(), self.nav.palette()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if not hasattr(self, "nav"):
            pass  # still being built
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._paint_icons()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._fit_nav()
        super().changeEvent(event)

    @staticmethod
    def _placeholder(text: str) -> QWidget:
        label = QLabel(text, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        label.setStyleSheet("color: gray; font-size: 14px;")
        return label

    # -- actions and menus -----------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work whichever widget has the focus
        return action

    def _build_actions(self) -> None:
        # The window owns these two (they work from any view); the lists show them in their toolbars.
        self.new_client_action = self._action(self.tr("New client…"), self.new_client, "Ctrl+Shift+N",
                                              self.tr("Add a client, with its time zone and language"))
        self.new_engagement_action = self._action(self.tr("New engagement…"), self.new_engagement, "Ctrl+N",
                                                  self.tr("Create an engagement for a client"))
        self.sample_action = self._action(self.tr("Load &sample data"), self.load_sample_data, None,
                                          self.tr("Fill this empty store with a realistic sample firm"))
        self.settings_action = self._action(self.tr("&Settings…"), self.open_settings, QKeySequence.StandardKey.Preferences,
                                            self.tr("Firm name, your name, logo, report colour, currency"))
        self.templates_action = self._action(self.tr("Checklist &templates…"), self.open_templates, None,
                                             self.tr("Which file each checklist template comes from, and whether it is valid"))
        self.backup_action = self._action(self.tr("&Back up now…"), self.back_up, "Ctrl+Shift+B",
                                          self.tr("Save a verified backup of the store and its attachments"))
        self.restore_action = self._action(self.tr("&Restore from backup…"), self.restore, None,
                                           self.tr("Replace the store with a backup; the current one is kept aside"))
        self.export_action = self._action(self.tr("&Export…"), self.export, "Ctrl+E",
                                          self.tr("Write the store as JSON, CSV tables or a calendar (not encrypted)"))
        self.encrypt_action = self._action(self.tr("E&ncrypt store…"), self.encrypt_store, None,
                                           self.tr("Protect this store, its attachments and backups with a passphrase"))
        self.passphrase_action = self._action(self.tr("Change &passphrase…"), self.change_passphrase, None,
                                              self.tr("Change the store's passphrase; the recovery key stays valid"))
        self.lock_action = self._action(self.tr("&Lock now"), self.lock_now, "Ctrl+Shift+L",
                                        self.tr("Hide the window's content until the passphrase is typed"))
        self.connect_action = self._action(self.tr("Connect to &team server…"), self.connect_to_team_server, None,
                                           self.tr("Open the firm's shared store on its PostgreSQL server, logged in as yourself"))
        self.move_action = self._action(self.tr("&Move this store to a team server…"), self.move_to_team_server, None,
                                        self.tr("Copy this store, attachments included, into an empty team server database"))
        quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, self.tr("Quit KPO Desk"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setStatusTip(action.text().replace("&", ""))
            self.addAction(action)
        self.find_action = self._action(self.tr("&Filter this list"), self.focus_filter, QKeySequence.StandardKey.Find,
                                        self.tr("Type to filter the current list"))
        self.search_action = self._action(self.tr("&Search everything…"), self.open_palette, "Ctrl+K",
                                          self.tr("Find clients, engagements, contacts and communications"))
        self.refresh_action = self._action(self.tr("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh,
                                           self.tr("Reload everything from the store"))
        view_tips = {"Dashboard": self.tr("Show dashboard"), "Engagements": self.tr("Show engagements"),
                     "Clients": self.tr("Show clients"), "Communications": self.tr("Show communications"),
                     "Staff": self.tr("Show staff"), "Reports": self.tr("Show reports")}
        self.view_actions = [self._action(f"&{view_title(name)}", lambda _=False, n=name: self.show_view(n),
                                          f"Ctrl+{i + 1}", view_tips[name]) for i, name in enumerate(VIEWS)]
        self.shortcuts_action = self._action(self.tr("&Keyboard shortcuts"), self.show_shortcuts, "F1",
                                             self.tr("Every shortcut on one page"))
        about_action = self._action(self.tr("&About KPO Desk"), self.about, None, self.tr("Version and licences"))
        about_action.setObjectName("about_action")  # found by name whatever the language (docs/make_screenshots.py)
        self.about_action = about_action
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addActions([self.new_client_action, self.new_engagement_action])
        file_menu.addSeparator()
        file_menu.addActions([self.sample_action, self.settings_action, self.templates_action])
        file_menu.addSeparator()
        file_menu.addActions([self.backup_action, self.restore_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.encrypt_action, self.passphrase_action, self.lock_action])
        file_menu.addSeparator()
        file_menu.addActions([self.connect_action, self.move_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.file_menu = file_menu
        edit_menu = menu.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.search_action])
        self.edit_menu = edit_menu
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addActions(self.view_actions)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        self.view_menu = view_menu
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addActions([self.shortcuts_action, about_action])
        self.help_menu = help_menu

    # -- navigation ------------------------------------------------------------------------------
    def show_view(self, name: str) -> None:
        self.nav.setCurrentRow(VIEWS.index(name))

    def current_view_name(self) -> str:
        return VIEWS[self.view_stack.currentIndex()]

    @Slot(int)
    def _on_nav(self, row: int) -> None:
        if row >= 0:
            self.view_stack.setCurrentIndex(row)
            if self.store is None:
                return  # the views come with the store
            view = self.view(VIEWS[row])
            if hasattr(view, "reload"):
                view.reload()
            forget_module_sources()  # a view's first reload imports what it shows

    @Slot(str, int)
    def open_record(self, record_type: str, record_id: int) -> None:
        if record_type == "engagement":
            self.show_view("Engagements")
            self.engagements.select(record_id)
        elif record_type == "client":
            self.show_view("Clients")
            self.clients.select(record_id)

    @Slot()
    def focus_filter(self) -> None:
        page = getattr(self.view_stack.currentWidget(), "page", None)
        if page is not None:
            page.filter_edit.setFocus()
            page.filter_edit.selectAll()

    # -- state -----------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        from kpo_desk.core.services.directory import count_clients
        from kpo_desk.core.services.engagements import count_engagements

        no_engagements = count_engagements(self.store) == 0
        empty = no_engagements and count_clients(self.store) == 0
        self.stack.setCurrentWidget(self.empty_state if empty else self.body)
        self.sample_action.setEnabled(no_engagements)
        if not empty:
            if self.nav.currentRow() < 0:
                self.nav.setCurrentRow(0)
            view = self.view(VIEWS[self.nav.currentRow()])
            if hasattr(view, "reload"):
                view.reload()

    @Slot()
    def load_sample_data(self) -> None:
        from kpo_desk.core.demo import generate_demo

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = generate_demo(self.store)
        except KpoDeskError as exc:
            QMessageBox.warning(self, self.tr("Sample data"), str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        if "Engagements" in self._views:
            self.engagements.refresh_choices()
        self.refresh()
        self.statusBar().showMessage(
            self.tr("Sample firm loaded: {engagements} engagements, {communications} communications.").format(
                engagements=gui_number(summary.counts["engagement"]),
                communications=gui_number(summary.counts["communication"])), 8000)

    @Slot()
    def new_client(self) -> None:
        record = self.editor.new("client")
        if record is not None:
            self.refresh()
            self.show_view("Clients")
            self.clients.reload()
            self.clients.select(record.id)

    @Slot()
    def new_engagement(self) -> None:
        self.show_view("Engagements")
        self.engagements.new_engagement()

    @Slot()
    def back_up(self) -> None:
        from kpo_desk.ui.backup_actions import back_up_now

        back_up_now(self)

    @Slot()
    def restore(self) -> None:
        """A file store: restore a backup in its place; a server store: load one into it (empty)."""
        from kpo_desk.ui.backup_actions import load_into_server, restore_from

        if self.store.is_server:
            load_into_server(self)
        else:
            restore_from(self)

    @Slot()
    def export(self) -> None:
        from kpo_desk.ui.protection.export import export_store

        export_store(self)

    @Slot()
    def encrypt_store(self) -> None:
        from kpo_desk.ui.protection.actions import encrypt_current_store

        encrypt_current_store(self)

    @Slot()
    def change_passphrase(self) -> None:
        from kpo_desk.ui.protection.actions import change_store_passphrase

        change_store_passphrase(self)

    @Slot()
    def connect_to_team_server(self) -> None:
        from kpo_desk.ui.team.actions import connect_to_team_server

        connect_to_team_server(self)

    @Slot()
    def move_to_team_server(self) -> None:
        from kpo_desk.ui.team.actions import move_to_team_server

        move_to_team_server(self)

    @Slot()
    def lock_now(self) -> None:
        if self.auto_lock is not None:
            self.auto_lock.lock()

    def release_store(self) -> None:
        """Close the store and give up its lock, so that a restore may replace the file."""
        from PySide6.QtCore import QThreadPool
        from PySide6.QtWidgets import QApplication

        self.setEnabled(False)
        self.store.close()  # refuses new connections from here on
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:  # a view's refresh (or the start-up backup) may still be reading
            QThreadPool.globalInstance().waitForDone(15000)
        finally:
            QApplication.restoreOverrideCursor()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def reopen_after_restore(self) -> None:
        """Start again on the (restored) store: the app opens a fresh window on it."""
        self.restart_requested = True
        self.close()

    @Slot()
    def show_today_if_wanted(self) -> None:
        from kpo_desk.core.overview.attention import needs_attention
        from kpo_desk.ui.today import TodayDialog, wants_digest

        if self.stack.currentWidget() is self.empty_state or not wants_digest():
            return
        items = needs_attention(self.store)
        if items:
            TodayDialog(items, self).exec()

    @Slot()
    def open_templates(self) -> None:
        from kpo_desk.ui.templates_dialog import TemplatesDialog

        TemplatesDialog(self).exec()

    @Slot()
    def open_palette(self) -> None:
        from kpo_desk.ui.palette import SearchPalette

        # Not ``self.palette``: that would hide QWidget.palette() (the colours) from then on.
        self.search_palette = SearchPalette(self.store, self)
        self.search_palette.exec()

    @Slot()
    def open_settings(self) -> None:
        from kpo_desk.ui.settings_dialog import open_firm_settings

        open_firm_settings(self.store, self)

    @Slot()
    def show_shortcuts(self) -> None:
        from kpo_desk.ui.shortcuts_help import ShortcutsDialog

        ShortcutsDialog(self).exec()

    @Slot()
    def about(self) -> None:
        from kpo_desk.ui.about_dialog import AboutDialog

        AboutDialog(self, store_path=self.store.path if self.store is not None else None).exec()

    # -- layout memory ---------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # first start: a size that fits this screen; a small screen gets all of it
            size, maximised = first_start_size(available_size(self))
            self.resize(size)
            if maximised:
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        last = settings.value("main/view")
        self.nav.setCurrentRow(VIEWS.index(last) if last in VIEWS else 0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/view", self.current_view_name())
        for view in self._views.values():
            page = getattr(view, "page", None)
            if page is not None:
                page.save_state()
        super().closeEvent(event)
