"""Window sizes that fit the screen a laptop actually has (1366x768, 1024x700 and up)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: The smallest screen the app is designed for; the main window never asks for more.
SMALLEST_SCREEN = QSize(1024, 700)


def available_size(widget: QWidget | None = None) -> QSize:
    """The usable area (without panels and task bars) of the screen ``widget`` is on."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else SMALLEST_SCREEN


def fit_to_screen(widget: QWidget, width: int, height: int, *, share: float = 0.92) -> QSize:
    """Resize ``widget`` to ``width`` x ``height``, or to ``share`` of the available screen when
    that is smaller, and cap its maximum to the screen, so no dialog's buttons end up off-screen.
    Returns the size given."""
    room = available_size(widget)
    size = QSize(min(width, int(room.width() * share)), min(height, int(room.height() * share)))
    widget.setMaximumSize(room)
    widget.resize(size)
    return size
