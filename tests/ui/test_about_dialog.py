"""Help ▸ About KPO Desk: the version, and the licences of the bundled fonts and libraries."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from kpo_desk import __version__
from kpo_desk.core.resources import resource
from kpo_desk.core.store import Store
from kpo_desk.ui.about_dialog import AboutDialog
from tests.ui.helpers import open_window, when_modal


def table_rows(model) -> list[list[str]]:  # noqa: ANN001
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_about_dialog_from_the_help_menu_shows_version_and_licences(qtbot, store: Store) -> None:
    window = open_window(qtbot, store)
    about_action = next(a for a in window.help_menu.actions() if a.text().replace("&", "") == "About KPO Desk")
    seen: dict = {}

    def inspect(dialog: AboutDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["version"] = dialog.version_label.text()
        seen["store"] = [w.text() for w in dialog.findChildren(type(dialog.version_label))
                         if w.accessibleName() == "Store path"]
        seen["fonts"] = table_rows(dialog.font_model)
        seen["first_licence"] = dialog.licence_text.toPlainText()
        droid = next(r for r in range(dialog.font_model.rowCount())
                     if dialog.font_model.row_at(r).family == "Droid Sans Fallback")
        dialog.font_table.selectRow(droid)
        seen["droid_licence"] = dialog.licence_text.toPlainText()
        dialog.tabs.setCurrentIndex(1)
        seen["libraries"] = table_rows(dialog.library_model)
        for name in ("PySide6_Essentials", "reportlab"):
            dialog.library_table.selectRow(next(r for r in range(dialog.library_model.rowCount())
                                                if dialog.library_model.row_at(r).name == name))
            seen[f"{name} text"] = dialog.library_text.toPlainText()
        copy = next(b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == "Copy to clipboard")
        qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
        seen["clipboard"] = QApplication.clipboard().text()
        close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    errors = when_modal(inspect, kind=AboutDialog)
    about_action.trigger()  # returns when the dialog has closed
    assert errors == []
    assert seen["title"] == "About KPO Desk"
    assert f"Version {__version__}" in seen["version"]
    assert "GPL-3.0-or-later" in seen["version"]
    assert seen["store"] == [f"Store: {store.path}"]

    fonts = {row[0]: row for row in seen["fonts"]}
    assert "Bitstream Vera" in fonts["DejaVu Sans"][1]
    assert "DejaVuSans.ttf" in fonts["DejaVu Sans"][3]
    assert "Apache License 2.0" in fonts["Droid Sans Fallback"][1]
    # The full texts come from the licence files beside the fonts (DejaVu sorts first).
    assert seen["first_licence"] == resource("fonts", "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera is a trademark of Bitstream" in seen["first_licence"]
    assert "Apache License, Version 2.0" in seen["droid_licence"]

    libraries = {row[0]: row for row in seen["libraries"]}
    for name in ("reportlab", "PySide6_Essentials"):
        assert libraries[name][1] == metadata.version(name)
        assert libraries[name][2] not in ("", "unknown", "not bundled")
    assert "LGPL-3.0" in libraries["PySide6_Essentials"][2]
    assert "PDF reports" in libraries["reportlab"][3]
    # The Qt wheels ship no licence file: the standard LGPL-3.0 text (and the GPL it builds on)
    # travels with the app. reportlab ships its own, shown as it is.
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in seen["PySide6_Essentials text"]
    assert "GNU GENERAL PUBLIC LICENSE" in seen["PySide6_Essentials text"]
    own = [f for f in metadata.distribution("reportlab").files if f.name == "LICENSE" and "dist-info" in str(f)]
    assert seen["reportlab text"] == own[0].read_text(encoding="utf-8")

    assert seen["clipboard"].startswith(f"KPO Desk {__version__}: GPL-3.0-or-later\n")
    assert "DejaVu Sans: Bitstream Vera" in seen["clipboard"]
    assert f"reportlab {metadata.version('reportlab')}" in seen["clipboard"]
    assert str(resource("licences", "LGPL-3.0.txt")) in seen["clipboard"]
