"""Light and dark, following the system. Fusion takes the platform palette where the platform
gives one; where it only reports "dark" (or KPO_DESK_THEME=dark asks for it), a dark palette is set."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

R = QPalette.ColorRole


def dark_palette() -> QPalette:
    p = QPalette()
    colours = {
        R.Window: "#2b2d30", R.WindowText: "#e6e6e6", R.Base: "#1f2023", R.AlternateBase: "#282a2e",
        R.ToolTipBase: "#3a3d41", R.ToolTipText: "#f0f0f0", R.Text: "#e6e6e6", R.Button: "#36383c",
        R.ButtonText: "#e6e6e6", R.BrightText: "#ff6b6b", R.Highlight: "#2f6eb5", R.HighlightedText: "#ffffff",
        R.Link: "#6fb1ff", R.PlaceholderText: "#8a8f98", R.Mid: "#55585e", R.Dark: "#1a1b1e", R.Light: "#45484d",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (R.Text, R.WindowText, R.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7e85"))
    return p


def wanted_scheme(app: QApplication) -> Qt.ColorScheme:
    choice = os.environ.get("KPO_DESK_THEME", "").lower()
    if choice == "dark":
        return Qt.ColorScheme.Dark
    if choice == "light":
        return Qt.ColorScheme.Light
    return app.styleHints().colorScheme()


def apply_theme(app: QApplication, scheme: Qt.ColorScheme | None = None) -> None:
    scheme = wanted_scheme(app) if scheme is None else scheme
    if scheme == Qt.ColorScheme.Dark:
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())
