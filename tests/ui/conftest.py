from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings


@pytest.fixture(autouse=True)
def _qt_settings(qapp, tmp_path) -> None:
    """Fresh QSettings for every test (written under the test's own folder)."""
    QCoreApplication.setOrganizationName("KPO Desk Tests")
    QCoreApplication.setApplicationName("KPO Desk Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings().clear()


#: How long a modal dialog may stay up unanswered before the watchdog closes it and fails the test.
MODAL_PATIENCE_S = 45.0


@pytest.fixture(autouse=True)
def _modal_watchdog(qapp):
    """A modal dialog that nobody answers would block its test forever (``exec()`` never returns).
    This watchdog notices a dialog left up longer than ``MODAL_PATIENCE_S``, closes it, and fails
    the test loudly with the dialog's title and text, so that a slow or broken test ends."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    left_open: list[str] = []
    seen: dict[int, float] = {}

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            seen.clear()
            return
        first = seen.setdefault(id(dialog), time.monotonic())
        if time.monotonic() - first < MODAL_PATIENCE_S:
            return
        text = dialog.text() if isinstance(dialog, QMessageBox) else ""
        left_open.append(f"{type(dialog).__name__} {dialog.windowTitle()!r} {text!r}")
        seen.pop(id(dialog), None)
        dialog.reject()

    timer = QTimer()
    timer.setInterval(250)
    timer.timeout.connect(check)
    timer.start()
    yield
    timer.stop()
    from tests.ui.helpers import WAITS_ENDED

    WAITS_ENDED.append(True)  # pending when_modal waits of this test stop polling
    if left_open:
        pytest.fail("a modal dialog was left open with nobody to answer it: " + "; ".join(left_open))
