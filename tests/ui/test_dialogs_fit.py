"""Every dialog of the daily routine opens inside the screen, whatever size it would like."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from kpo_desk.core.store import Store
from tests.ui.helpers import open_window, when_modal


@pytest.mark.parametrize("action", ["about", "shortcuts", "settings", "templates"])
def test_dialog_opened_from_its_menu_fits_the_screen(qtbot, demo_store: Store, action: str) -> None:
    window = open_window(qtbot, demo_store)
    menu_action = {"shortcuts": window.shortcuts_action, "settings": window.settings_action,
                   "templates": window.templates_action}.get(action) or next(
        a for a in window.findChildren(type(window.shortcuts_action)) if a.text() == "&About KPO Desk")
    seen: dict[str, object] = {}

    def inspect(dialog: QDialog) -> None:
        QApplication.processEvents()
        room = dialog.screen().availableGeometry()
        seen["fits"] = room.contains(dialog.frameGeometry())
        seen["geometry"] = (dialog.frameGeometry(), room)
        dialog.reject()

    errors = when_modal(inspect, kind=QDialog)
    menu_action.trigger()
    qtbot.waitUntil(lambda: "fits" in seen or bool(errors), timeout=30_000)
    assert errors == []
    assert seen["fits"], f"{action}: {seen['geometry']}"
