"""Window sizes that fit the screen a laptop actually has (1366x768, 1024x700 and up)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QSize
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
    if not any(isinstance(f, _KeepOnScreen) for f in widget.children()):
        widget.installEventFilter(_KeepOnScreen(widget))
    return size


def keep_on_screen(widget: QWidget) -> None:
    """Move ``widget`` (a shown window) so that its frame lies inside the available screen: a
    dialog centred on a window near the edge would otherwise hang over it."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room, frame = screen.availableGeometry(), widget.frameGeometry()
    x = max(room.left(), min(frame.left(), room.right() + 1 - frame.width()))
    y = max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height()))
    if (x, y) != (frame.left(), frame.top()):
        widget.move(widget.pos() + QPoint(x - frame.left(), y - frame.top()))


class _KeepOnScreen(QObject):
    """Keeps its window inside the screen each time it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            keep_on_screen(watched)
        return False
