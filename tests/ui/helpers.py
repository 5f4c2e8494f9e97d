"""Helpers to drive modal dialogs the way a person would: wait for them, then type and click."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from kpo_desk.core.store import Store
from kpo_desk.ui.main_window import VIEWS, MainWindow

W = TypeVar("W", bound=QWidget)

#: Set by the ``_modal_watchdog`` fixture when its test ends: pending ``when_modal`` waits stop.
WAITS_ENDED: list[bool] = []


def when_modal(callback: Callable[[QWidget], None], *, timeout_s: float | None = None,
               kind: type | None = None) -> list[str]:
    """Run ``callback(dialog)`` as soon as a modal dialog (of ``kind``, if given) is up; returns a
    list that collects errors.

    By default the wait lasts as long as the test does: a busy machine (slow event loop, slow
    background job) cannot make it give up before the dialog appears. It ends when the test ends
    (the ``_modal_watchdog`` fixture), and the watchdog fails a test whose dialog nobody answers,
    so nothing hangs. ``timeout_s`` sets a wall-clock deadline, for tests that expect no dialog."""
    errors: list[str] = []
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    generation = len(WAITS_ENDED)

    def poll() -> None:
        if len(WAITS_ENDED) != generation:  # the test that asked has ended
            return
        dialog = QApplication.activeModalWidget()
        # A background job's progress dialog (kpo_desk/ui/common/jobs.py, shown after 300 ms) is
        # up only on a slow run; without ``kind`` it is never the dialog the test waits for.
        passing = kind is None and isinstance(dialog, QProgressDialog)
        if dialog is None or passing or (kind is not None and not isinstance(dialog, kind)):
            if deadline is None or time.monotonic() < deadline:
                QTimer.singleShot(10, poll)
            else:
                errors.append(f"no modal dialog appeared within {timeout_s:.0f} s")
            return
        dialog.activateWindow()  # offscreen, a new dialog is not always the active window
        try:
            callback(dialog)
        except Exception as exc:  # noqa: BLE001 - reported back to the test
            errors.append(repr(exc))
            dialog.reject()

    QTimer.singleShot(0, poll)
    return errors


def shown(qtbot, widget: W) -> W:  # noqa: ANN001
    """``widget`` shown, exposed and active (keys go to it), as a person sees a new window."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def open_window(qtbot, store: Store) -> MainWindow:  # noqa: ANN001
    return shown(qtbot, MainWindow(store))


def press(qtbot, window: QWidget, key, modifiers=None) -> None:  # noqa: ANN001
    """A key press on the window, made active first (as it is for a person at the keyboard)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    if modifiers is None:
        qtbot.keyClick(window, key)
    else:
        qtbot.keyClick(window, key, modifiers)


def open_engagement_log(qtbot, store: Store, engagement_id: int) -> tuple[MainWindow, QWidget]:  # noqa: ANN001
    """The main window, on the engagement's Communications tab; returns the window and the tab."""
    window = open_window(qtbot, store)
    window.show_view("Engagements")
    window.engagements.select(engagement_id)
    detail = window.engagements.detail
    detail.setCurrentWidget(detail.communications_tab)
    return window, detail.communications_tab


def recovery_key_groups(page_text: str) -> list[str]:
    """The recovery key's twelve 5-character groups as a printed sheet shows them (a group may be
    all digits, so "upper case" alone would miss it about once in 30 sheets)."""
    from kpo_desk.core.crypto.keys import _ALPHABET

    return [w for w in page_text.split() if len(w) == 5 and set(w) <= set(_ALPHABET)][:12]


def click_view(qtbot, window: MainWindow, name: str) -> None:  # noqa: ANN001
    nav = window.nav
    rect = nav.visualItemRect(nav.item(VIEWS.index(name)))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_view_name() == name
