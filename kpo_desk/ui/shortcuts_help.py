"""F1: every shortcut of the window, read from its actions so the page never goes stale."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QTextBrowser, QVBoxLayout

from kpo_desk.ui.common.geometry import fit_to_screen


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
            if keys and action.text():
                rows.append((menu_action.text().replace("&", ""), action.text().replace("&", ""), keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        fit_to_screen(self, 520, 560)
        rows = shortcut_rows(window)
        html = ["<table cellpadding='4' width='100%'>"]
        last = None
        for menu, text, keys in rows:
            if menu != last:
                html.append(f"<tr><td colspan='2'><h3>{escape(menu)}</h3></td></tr>")
                last = menu
            html.append(f"<tr><td>{escape(text)}</td><td align='right'><b>{escape(keys)}</b></td></tr>")
        everywhere = self.tr("Everywhere")
        html.append(f"<tr><td colspan='2'><h3>{escape(everywhere)}</h3></td></tr>")
        for text, keys in ((self.tr("Cancel a dialog"), "Esc"), (self.tr("Save a dialog"), "Ctrl+S, Ctrl+Enter"),
                           (self.tr("Delete the selected row"), "Del")):
            html.append(f"<tr><td>{escape(text)}</td><td align='right'><b>{escape(keys)}</b></td></tr>")
        html.append("</table>")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Shortcuts"))
        self.browser.setHtml("".join(html))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
