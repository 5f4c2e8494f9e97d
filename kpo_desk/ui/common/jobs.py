"""Long work off the GUI thread, with progress and cancel (the shape of Anki's QueryOp).

The job runs in a QThreadPool worker and never touches a widget; its progress and its end
come back to the GUI thread as queued signals.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.logs import log
from kpo_desk.ui.common.sources import forget_module_sources

#: job(progress(done, total, text), cancelled() -> bool) -> result
Job = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)


class _Runnable(QRunnable):
    def __init__(self, job: Job, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.job, self.signals, self.cancel = job, signals, cancel

    def run(self) -> None:
        try:
            result = self.job(lambda done, total, text: self._emit(self.signals.progress, done, total, text),
                              self.cancel.is_set)
        except KpoDeskError as exc:
            self._emit(self.signals.failed, str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user as one sentence, logged in full
            log.error("Unexpected error in a background job", exc_info=exc)
            self._emit(self.signals.failed, f"Unexpected error: {exc.__class__.__name__}: {exc}")
        else:
            self._emit(self.signals.finished, result)

    @staticmethod
    def _emit(signal, *args) -> None:  # noqa: ANN001, ANN002
        with contextlib.suppress(RuntimeError):  # the window that asked has closed: nobody to tell
            signal.emit(*args)


class BackgroundJob(QObject):
    """Run ``job`` in the background with a progress dialog; call back on the GUI thread."""

    def __init__(self, parent: QWidget, title: str, job: Job, *, on_success: Callable[[Any], None],
                 on_failure: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()
        self.signals = _Signals()
        self.on_success, self.on_failure = on_success, on_failure
        self.dialog = QProgressDialog(title, self.tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.cancel.set)
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        self.runnable = _Runnable(job, self.signals, self.cancel)
        self.done = False

    def start(self) -> BackgroundJob:
        QThreadPool.globalInstance().start(self.runnable)
        return self

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(text)

    @Slot(object)
    def _finished(self, result: Any) -> None:
        self.done = True
        self.dialog.reset()
        self.on_success(result)
        forget_module_sources()  # the job may have imported a library (reportlab, extract-msg)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.done = True
        self.dialog.reset()
        if self.on_failure is not None:
            self.on_failure(message)
        else:  # no failure goes unsaid: the window tells, not only stderr
            QMessageBox.warning(self.parent(), self.dialog.windowTitle().rstrip("…"), message)


class QuietJob(QObject):
    """Background work with no dialog (a view refreshing itself); ``on_done`` runs on the GUI thread."""

    def __init__(self, parent: QObject, work: Callable[[], Any], on_done: Callable[[Any], None],
                 on_failure: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.signals = _Signals()
        self.signals.finished.connect(on_done)
        if on_failure is not None:
            self.signals.failed.connect(on_failure)
        self.runnable = _Runnable(lambda _progress, _cancelled: work(), self.signals, threading.Event())

    def start(self) -> QuietJob:
        QThreadPool.globalInstance().start(self.runnable)
        return self
