"""A status bar whose messages are never cut mid-word: a message too long for the bar ends at a
word, with "…", and the whole text is the bar's tooltip. The store path (a permanent widget) is
elided in the middle, so it never pushes the message out.

No paintEvent here on purpose: the bar shows an already-shortened text, so Qt paints it."""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

ELLIPSIS = "…"


def elide_at_word(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` if it fits in ``width`` pixels, else its longest run of whole words that fits,
    followed by "…" (a single word too long for the width is cut, as nothing else fits)."""
    text = " ".join(text.split())
    if metrics.horizontalAdvance(text) <= width:
        return text
    shown = ""
    for word in text.split(" "):
        candidate = f"{shown} {word}" if shown else word
        if metrics.horizontalAdvance(candidate.rstrip(",;:.") + ELLIPSIS) > width:
            break
        shown = candidate
    if not shown:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    return shown.rstrip(",;:.") + ELLIPSIS


class WordStatusBar(QStatusBar):
    """``showMessage`` and ``currentMessage`` speak the whole text; the bar shows it shortened at a
    word when it is too long for the room left beside the permanent widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._shown = ""
        self._until = 0.0  # monotonic deadline of the message, 0 for none
        self.messageChanged.connect(self._on_changed)

    def showMessage(self, text: str, timeout: int = 0) -> None:  # noqa: N802
        self._full = text
        self._until = time.monotonic() + timeout / 1000 if timeout else 0.0
        self._show()

    def currentMessage(self) -> str:  # noqa: N802
        return self._full if super().currentMessage() else ""

    def shown_message(self) -> str:
        """The message as the bar shows it (shortened at a word when it is too long)."""
        return super().currentMessage()

    def room(self) -> int:
        """Pixels the message may take: the bar's width, less the permanent widgets on the right."""
        right = self.width() - 12
        for widget in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if widget.isVisible() and widget.x() > 0:
                right = min(right, widget.x() - 8)
        return max(40, right - 6)

    def _show(self) -> None:
        timeout = 0
        if self._until:
            timeout = max(1, int((self._until - time.monotonic()) * 1000))
        self._shown = elide_at_word(self._full, self.fontMetrics(), self.room()) if self._full else ""
        super().showMessage(self._shown, timeout)
        self.setToolTip(self._full if self._shown != self._full else "")

    @Slot(str)
    def _on_changed(self, text: str) -> None:
        if text != self._shown:  # set by Qt itself (an action's status tip) or cleared
            self._full = self._shown = text
            self._until = 0.0
            self.setToolTip("")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._full and super().currentMessage():
            self._show()


class PathLabel(QLabel):
    """A file path shown elided in the middle (the file name and the start of the path stay), with
    the whole path as tooltip; ``text()`` is the whole path."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(min(self.fontMetrics().horizontalAdvance(self._full) + 8, 420), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(80, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.contentsRect().width(), 80)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width)
        if shown != super().text():
            super().setText(shown)
