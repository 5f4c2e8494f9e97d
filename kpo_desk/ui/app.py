"""Start the GUI: one QApplication, Fusion style following the system's light or dark scheme,
one writer per store file (a lock), an automatic backup, and the day's digest. A team server's
store (``--db postgresql://…``) takes neither: the server has many writers and its own backups."""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kpo_desk import __version__
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.resources import resource
from kpo_desk.ui.common.words import translate

if TYPE_CHECKING:
    from kpo_desk.core.store import Store


def configure_application(app: QApplication) -> None:
    QCoreApplication.setOrganizationName("KPO Desk")
    QCoreApplication.setApplicationName("KPO Desk")
    QCoreApplication.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    from kpo_desk.ui.theme import apply_theme

    apply_theme(app)
    app.styleHints().colorSchemeChanged.connect(lambda scheme: apply_theme(app, scheme))
    app.setWindowIcon(QIcon(str(resource("icons", "kpo-desk.svg"))))


class _Backup(QRunnable):
    """The rolling backup, off the GUI thread; a failure never stops the app from opening."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.result: str = ""

    def run(self) -> None:
        from kpo_desk.core.backup import rolling_backup

        try:
            path = rolling_backup(self.store)
            self.result = translate("App", "Backup taken: {name}").format(name=path.name) if path else ""
        except KpoDeskError as exc:
            self.result = translate("App", "The automatic backup failed: {error}").format(error=exc)


def open_store(db: str | None, parent: QWidget | None = None):  # noqa: ANN201
    """Take the store's lock; when another window holds it, offer read-only or quit. A store that
    does not exist yet gets the first start's choice (protect it with a passphrase, or not); an
    encrypted one the unlock dialog (kpo_desk/ui/protection/opening.py). Returns (store, lock),
    or (None, None) when the person chose to quit."""
    from kpo_desk.core.lock import StoreLockedError, acquire_store_lock
    from kpo_desk.core.store import resolve_store_path
    from kpo_desk.core.store_server import is_server_url
    from kpo_desk.ui.protection.opening import open_protected

    given = db or os.environ.get("KPO_DESK_DB")
    if is_server_url(given):  # team mode: no file lock, the server takes many writers
        from kpo_desk.ui.team.opening import OPEN_LOCAL, open_server_store

        store = open_server_store(given, parent)
        if store != OPEN_LOCAL:
            return store, None
        db = str(local_store_path())  # "Open my local store": the default one, not $KPO_DESK_DB
    path = resolve_store_path(db)
    try:
        lock = acquire_store_lock(path)
    except StoreLockedError as exc:
        box = QMessageBox(QMessageBox.Icon.Warning, translate("App", "KPO Desk is already open"), str(exc))
        read_only = box.addButton(translate("App", "Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(translate("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not read_only:
            return None, None
        return open_protected(db, path, parent=parent, read_only=True), None
    try:
        store = open_protected(db, path, parent=parent)
    except BaseException:
        lock.release()
        raise
    if store is None:
        lock.release()
        return None, None
    return store, lock


def local_store_path():  # noqa: ANN201 - a Path
    """This computer's own store (the per-user data folder), whatever --db and $KPO_DESK_DB say."""
    from kpo_desk.core.store import STORE_FILE_NAME, default_data_dir

    return default_data_dir() / STORE_FILE_NAME


def store_location(db: str | None) -> str:
    """Where ``db`` (else $KPO_DESK_DB, else the default) is, as it may be shown."""
    from kpo_desk.core.store import resolve_store_path
    from kpo_desk.core.store_server import display_location, is_server_url

    given = db or os.environ.get("KPO_DESK_DB")
    return display_location(given) if is_server_url(given) else str(resolve_store_path(db))


def show_frame(app: QApplication):  # noqa: ANN201
    """The main window's frame, on screen and painted before the data layer is imported."""
    from kpo_desk.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    wait_for_first_paint(app, window)
    return window


def wait_for_first_paint(app: QApplication, window, timeout_ms: int = 2000) -> None:  # noqa: ANN001
    """Run the event loop until ``window`` has painted (or ``timeout_ms`` passed)."""

    class _FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.window() is window:
                loop_quit()
            return False

    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()

    def loop_quit() -> None:
        QTimer.singleShot(0, loop.quit)  # after the paint has finished

    spy = _FirstPaint()
    app.installEventFilter(spy)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    app.removeEventFilter(spy)


def main(db: str | None = None, argv: list[str] | None = None) -> int:
    from kpo_desk.core.logs import start_file_log
    from kpo_desk.ui.error_dialog import install_exception_hook

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    start_file_log()
    install_exception_hook()
    configure_application(app)
    from kpo_desk.ui.language import install_translators

    install_translators(app)
    handover = None  # (store, lock) a window hands to the next one (after File ▸ Encrypt store…)
    while True:
        window = show_frame(app)
        try:
            # No parent: the frame is disabled until the store opens, and so would its children be.
            store, lock = handover if handover is not None else open_store(db)
        except KpoDeskError as exc:
            window.hide()
            QMessageBox.critical(None, translate("App", "KPO Desk cannot open the store"),
                                 translate("App", "{error}\n\nStore: {path}").format(
                                     error=exc, path=store_location(db)))
            return 2
        if store is None:
            return 0
        window = run_window(app, store, lock, window)
        if not window.restart_requested:
            return 0
        handover, window.handover = getattr(window, "handover", None), None


def run_window(app: QApplication, store: Store, lock, window=None):  # noqa: ANN001, ANN201
    """One window on one open store, until it closes; returns the window. ``window`` is the
    frame already on screen (``show_frame``), if any."""
    from kpo_desk.ui.main_window import MainWindow

    if not store.read_only:
        from kpo_desk.core.checklists import refresh_recurring_and_expired

        with contextlib.suppress(KpoDeskError):  # a failed refresh must not keep the desk closed
            refresh_recurring_and_expired(store, date.today())
    if window is None:
        window = MainWindow(store, lock)
    else:
        window.attach(store, lock)
    if store.read_only:
        window.setWindowTitle(translate("App", "KPO Desk (read-only)"))
        window.statusBar().showMessage(translate("App", "Opened read-only: another window has this store open."))
    window.show()
    if not store.read_only and not store.is_server:  # a server's backups are the server's (pg_dump)
        backup = _Backup(store)
        backup.setAutoDelete(False)
        QThreadPool.globalInstance().start(backup)
        QTimer.singleShot(3000, lambda: backup.result and window.statusBar().showMessage(backup.result, 8000))
    QTimer.singleShot(0, window.show_today_if_wanted)
    if os.environ.get("KPO_DESK_SMOKE_TEST") == "1":  # `make package`: the built app paints, then quits
        QTimer.singleShot(500, lambda: (print("window ok" if window.isVisible() and not window.grab().isNull()
                                              else "window not shown", flush=True), app.quit()))
    try:
        app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone(30000)
        store.close()
        if window.lock is not None:
            window.lock.release()
    return window


if __name__ == "__main__":
    raise SystemExit(main())
