"""No silent failure: an error nobody caught shows in the window and goes to the log file."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from kpo_desk.core.logs import log, start_file_log
from kpo_desk.ui import error_dialog
from kpo_desk.ui.error_dialog import ErrorDialog, install_exception_hook
from tests.ui.helpers import open_window, when_modal


@pytest.fixture
def hooked(tmp_path, monkeypatch):
    """The app's exception hook and log, as ``kpo_desk.ui.app.main`` installs them."""
    monkeypatch.setenv("KPO_DESK_LOG_DIR", str(tmp_path / "log"))
    path = start_file_log()
    saved = sys.excepthook, threading.excepthook
    install_exception_hook()
    yield path
    sys.excepthook, threading.excepthook = saved
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


@pytest.mark.qt_no_exception_capture
def test_a_failing_button_says_so_in_the_window_and_in_the_log(qtbot, store, hooked, tmp_path, monkeypatch):
    window = open_window(qtbot, store)
    # The sample firm cannot load when its data files are missing (as in a broken install).
    monkeypatch.setenv("KPO_DESK_RESOURCES", str(tmp_path / "no-resources"))
    seen: dict[str, object] = {}

    def inspect(dialog: QMessageBox) -> None:
        seen["kind"] = type(dialog)
        seen["text"] = dialog.text()
        seen["details"] = dialog.detailedText()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        seen["still open"] = dialog.isVisible()
        seen["clipboard"] = QApplication.clipboard().text()
        dialog.button(QMessageBox.StandardButton.Close).click()

    errors = when_modal(inspect, kind=ErrorDialog)
    qtbot.mouseClick(window.empty_state.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "text" in seen or bool(errors), timeout=30000)
    assert errors == []
    text = str(seen["text"])
    assert text.count(". ") <= 1 and "Traceback" not in text, "the dialog says one or two plain sentences"
    assert "FileNotFoundError" in str(seen["details"]) and "Traceback" in str(seen["details"])
    assert seen["still open"], "Copy details copies; it does not close the dialog"
    assert seen["clipboard"] == seen["details"]
    logged = hooked.read_text(encoding="utf-8")
    assert "FileNotFoundError" in logged and "Traceback" in logged
    assert hooked.stat().st_mode & 0o077 == 0, "the log is readable by its owner only"


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_worker_thread_reaches_the_window(qtbot, hooked):
    shown: list[str] = []
    errors = when_modal(lambda d: (shown.append(d.text()), d.reject()), kind=ErrorDialog)
    worker = threading.Thread(target=lambda: 1 / 0)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown) or bool(errors), timeout=30000)
    assert errors == [] and "unexpected problem" in shown[0]
    assert "ZeroDivisionError" in hooked.read_text(encoding="utf-8")
    assert error_dialog._reporter is not None and not error_dialog._reporter.showing
