"""The auto-lock: after N idle minutes (Settings; default 15, 0 = never) the window of an encrypted
store hides its content and asks for the passphrase.

Nothing is closed, so unsaved input survives: every open window of the app (the main window and
any dialog, modal or not) is covered by an opaque ``LockCover`` that takes every click and shows
no content, and its title is replaced while locked. The passphrase is asked in an application-
modal ``UnlockDialog`` on top, so no key reaches the covered windows. A modal dialog that was open
keeps running under its cover (hiding it would end its ``exec()`` and lose what was typed in it)
and is uncovered, as it was, after the unlock.

The typed passphrase is checked against the key file (the session does not keep it); three wrong
tries offer Quit or the recovery key, as at start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, translate
from kpo_desk.ui.protection.options import auto_lock_minutes

#: Input that counts as "someone is here".
ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress, QEvent.Type.Shortcut,
})
LOCKED_TITLE = QT_TRANSLATE_NOOP("Protection", "KPO Desk (locked)")


class LockCover(QWidget):
    """An opaque sheet over one window's whole content, which swallows every mouse event."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAccessibleName(self.tr("Locked"))
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        label = QLabel(self.tr("KPO Desk is locked"), alignment=Qt.AlignmentFlag.AlignCenter)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.window_title = window.windowTitle()
        window.setWindowTitle(translate("Protection", LOCKED_TITLE))
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.show()
        self.raise_()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        QPainter(self).fillRect(self.rect(), self.palette().window())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                            QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel, QEvent.Type.KeyPress,
                            QEvent.Type.ContextMenu):
            event.accept()
            return True
        return super().event(event)

    def remove(self) -> None:
        window = self.parentWidget()
        if window is not None:
            window.removeEventFilter(self)
            window.setWindowTitle(self.window_title)
        self.hide()
        self.deleteLater()


class AutoLock(QObject):
    """Watches the application's input; locks ``window`` after the idle time in Settings."""

    def __init__(self, window: QMainWindow, store_path: Path, *, can_recover: bool = True) -> None:
        super().__init__(window)
        self.window, self.store_path, self.can_recover = window, Path(store_path), can_recover
        self.locked = False
        self.enabled = False
        self.covers: list[LockCover] = []
        self.prompt = None
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)
        bus().changed.connect(self._setting_changed)
        self.configure()

    @Slot(str)
    def _setting_changed(self, what: str) -> None:
        if what == "setting":
            self.configure()

    def configure(self) -> None:
        """Read the idle time again (after Settings was saved) and start counting afresh."""
        minutes = auto_lock_minutes()
        self.enabled = minutes > 0
        if not self.enabled:
            self.timer.stop()
            return
        self.timer.setInterval(max(100, round(minutes * 60_000)))
        if not self.locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.enabled and not self.locked and event.type() in ACTIVITY:
            self.timer.start()  # restarts the idle count
        return False

    # -- locking -------------------------------------------------------------------------------
    @Slot()
    def lock(self) -> None:
        if self.locked or not self.window.isVisible():
            return
        from kpo_desk.ui.protection.unlock import UnlockDialog

        self.locked = True
        self.timer.stop()
        popup = QApplication.activePopupWidget()
        while popup is not None:  # an open menu or completer would stay on top of the cover
            popup.close()
            popup = QApplication.activePopupWidget()
        self.covers = [LockCover(w) for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
        self.prompt = UnlockDialog(self.store_path, self._check, self._recover if self.can_recover else None,
                                   locked=True, parent=self.window)
        self.prompt.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.prompt.accepted.connect(self.unlock)
        self.prompt.rejected.connect(self._quit)
        self.prompt.show()
        self.prompt.raise_()
        self.prompt.activateWindow()

    def _check(self, passphrase: str) -> bool:
        from kpo_desk.core.crypto.keys import key_file_path, read_key_file, unlock

        unlock(read_key_file(key_file_path(self.store_path)), passphrase)
        return True

    def _recover(self, recovery_key: str, new_passphrase: str) -> bool:
        from kpo_desk.core.crypto.convert import recover_passphrase
        from kpo_desk.ui.protection import remembered

        recover_passphrase(self.store_path, recovery_key, new_passphrase)
        remembered.forget(self.store_path)
        return True

    @Slot()
    def unlock(self) -> None:
        for cover in self.covers:
            cover.remove()
        self.covers = []
        if self.prompt is not None:
            self.prompt.deleteLater()
            self.prompt = None
        self.locked = False
        self.configure()

    @Slot()
    def _quit(self) -> None:
        """Quit from the lock: the covered windows close without asking (nothing unlocked them)."""
        QApplication.instance().quit()


def install_auto_lock(window: QMainWindow) -> AutoLock | None:
    """The auto-lock for ``window``'s store when it is encrypted (called by ``MainWindow.attach``)."""
    store = window.store
    if store is None or not store.encrypted:
        return None
    return AutoLock(window, store.path, can_recover=not store.read_only)
