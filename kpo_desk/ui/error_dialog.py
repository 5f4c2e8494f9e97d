"""No silent failure: an error nobody caught is logged with its traceback and shown in the window
as one plain sentence, with the details folded away and a "Copy details" button.

``install_exception_hook`` replaces ``sys.excepthook`` (exceptions raised in slots and event
handlers land there) and ``threading.excepthook`` (a worker thread's error is passed to the GUI
thread through a queued signal; no widget is touched from the worker).
"""

from __future__ import annotations

import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kpo_desk import __version__
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.logs import log, log_file
from kpo_desk.ui.common.words import translate


def plain_sentence(exc: BaseException) -> str:
    """What the dialog says: a KpoDeskError's own sentence, else a plain one."""
    if isinstance(exc, KpoDeskError):
        return str(exc)
    return translate("ErrorDialog", "KPO Desk ran into an unexpected problem and could not finish what you asked. What was saved before stays saved.")


def details_text(exc: BaseException, tb: TracebackType | None) -> str:
    trace = "".join(traceback.format_exception(type(exc), exc, tb))
    return f"KPO Desk {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n\n{trace}"


class ErrorDialog(QMessageBox):
    """One sentence, the details behind "Show Details…", and "Copy details" for a support request."""

    def __init__(self, exc: BaseException, tb: TracebackType | None, parent: QWidget | None = None) -> None:
        expected = isinstance(exc, KpoDeskError)
        super().__init__(QMessageBox.Icon.Warning if expected else QMessageBox.Icon.Critical,
                         "KPO Desk", plain_sentence(exc), QMessageBox.StandardButton.Close, parent)
        self.setAccessibleName(self.tr("Error"))
        self.details = details_text(exc, tb)
        where = log_file()
        self.setInformativeText(self.tr("The details are also in the log: {path}").format(path=where) if not expected else "")
        self.setDetailedText(self.details)
        self.copy_button = self.addButton(self.tr("Copy details"), QMessageBox.ButtonRole.ActionRole)
        self.copy_button.setAccessibleName(self.tr("Copy details"))
        # An action-role button would close the box; copying should leave it open.
        self.copy_button.clicked.disconnect()
        self.copy_button.clicked.connect(self.copy_details)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    @Slot()
    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("Copied"))


class _Reporter(QObject):
    """Carries an error from any thread to the GUI thread."""

    raised = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.raised.connect(self.present, Qt.ConnectionType.QueuedConnection)
        self.showing = False
        self.last: ErrorDialog | None = None

    @Slot(object, object)
    def present(self, exc: BaseException, tb: TracebackType | None) -> None:
        if self.showing:  # one dialog at a time; the rest are in the log
            return
        self.showing = True
        try:
            parent = QApplication.activeWindow()
            self.last = ErrorDialog(exc, tb, parent)
            self.last.exec()
        finally:
            self.showing = False


_reporter: _Reporter | None = None


def report_exception(exc: BaseException, tb: TracebackType | None = None) -> None:
    """Log ``exc`` and show it in the window (from any thread)."""
    tb = tb if tb is not None else exc.__traceback__
    if isinstance(exc, KpoDeskError):
        log.warning("%s", exc)
    else:
        log.error("Unexpected error", exc_info=(type(exc), exc, tb))
    if _reporter is None or QApplication.instance() is None:
        traceback.print_exception(type(exc), exc, tb)
        return
    _reporter.raised.emit(exc, tb)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    report_exception(exc, tb)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        report_exception(args.exc_value, args.exc_traceback)


def install_exception_hook() -> None:
    global _reporter
    if _reporter is None:
        _reporter = _Reporter()
    sys.excepthook = _excepthook
    threading.excepthook = _thread_hook

