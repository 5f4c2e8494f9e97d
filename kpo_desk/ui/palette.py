"""Ctrl+K: one search box over clients, engagements, contacts and communications."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.search import Hit, search
from kpo_desk.core.store import Store
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, plural, translate

KIND_LABELS = {"client": QT_TRANSLATE_NOOP("Palette", "Client"), "engagement": QT_TRANSLATE_NOOP("Palette", "Engagement"),
               "contact": QT_TRANSLATE_NOOP("Palette", "Contact"), "communication": QT_TRANSLATE_NOOP("Palette", "Communication")}
LIMIT = 30


class SearchPalette(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Search everything"))
        self.setModal(True)
        fit_to_screen(self, 720, 480)
        self.store = store
        self.hits: list[Hit] = []
        self.query = QLineEdit(placeholderText=self.tr("Type any word: a client, a code, a contact, words from a mail…"))
        self.query.setAccessibleName(self.tr("Search"))
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setUniformItemSizes(False)
        self.results.itemActivated.connect(self._activate_item)
        self.results.currentRowChanged.connect(self._on_current_row)
        self.labels: list[QLabel] = []
        self._selected = -1
        self.status = QLabel(self.tr("Enter opens the selected result; Esc closes."), wordWrap=True)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(self._timer.start)
        self.query.returnPressed.connect(self.open_current)
        self.query.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        layout.addWidget(self.status)

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        """Up and Down move through the results while the cursor stays in the search box."""
        if obj is self.query and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.results.count():
                self.results.setCurrentRow(row)
            return True
        return super().eventFilter(obj, event)

    @Slot()
    def run_search(self) -> None:
        self._timer.stop()
        text = self.query.text()
        self.results.clear()
        self.labels, self._selected = [], -1
        try:
            # Records first, then the log: a client's name should not drown in its mail.
            self.hits = (search(self.store, text, limit=12, kinds=("client", "engagement", "contact"))
                         + search(self.store, text, limit=LIMIT, kinds=("communication",))) if text.strip() else []
        except KpoDeskError as exc:
            self.hits = []
            self.status.setText(str(exc))
            return
        for row in range(len(self.hits)):
            item = QListWidgetItem()
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(6, 4, 6, 4)
            self.labels.append(label)
            self._paint_label(row, selected=False)
            item.setSizeHint(label.sizeHint())
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        if self.hits:
            self.results.setCurrentRow(0)
        n = len(self.hits)
        self.status.setText(plural(self.tr("%Ln result(s). Enter opens the selected one; Esc closes.", None, n), n,
                                   "{n} result. Enter opens the selected one; Esc closes.",
                                   "{n} results. Enter opens the selected one; Esc closes.")
                            if text.strip() else self.tr("Enter opens the selected result; Esc closes."))

    def _paint_label(self, row: int, *, selected: bool) -> None:
        """A result's text in colours of the current palette: on the highlight when selected, so
        that it stays legible in light and dark alike (no fixed greys)."""
        hit, label = self.hits[row], self.labels[row]
        palette = self.results.palette()
        if selected:
            main = secondary = palette.color(QPalette.ColorRole.HighlightedText).name()
        else:
            text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
            main = text.name()
            secondary = QColor.fromRgbF(*(0.7 * t + 0.3 * b for t, b in zip(text.getRgbF()[:3], base.getRgbF()[:3],
                                                                         strict=True))).name()
        kind = translate("Palette", KIND_LABELS.get(hit.kind, hit.kind))
        label.setText(f"<span style='color:{secondary}'>{kind}</span>&nbsp;&nbsp;<span style='color:{main}'><b>{escape(hit.label)}</b>&nbsp;&nbsp;{escape(hit.title)}</span><br><span style='color:{secondary}'>{hit.snippet_html()}</span>")

    @Slot(int)
    def _on_current_row(self, row: int) -> None:
        if 0 <= self._selected < len(self.labels):
            self._paint_label(self._selected, selected=False)
        self._selected = row
        if 0 <= row < len(self.labels):
            self._paint_label(row, selected=True)

    @Slot()
    def open_current(self) -> None:
        if self._timer.isActive():
            self.run_search()
        row = self.results.currentRow()
        if 0 <= row < len(self.hits):
            self.open_hit(self.hits[row])

    def _activate_item(self, item: QListWidgetItem) -> None:
        self.open_hit(self.hits[self.results.row(item)])

    def open_hit(self, hit: Hit) -> None:
        if hit.kind in ("engagement", "communication") and hit.engagement_id is not None:
            bus().open_record.emit("engagement", hit.engagement_id)
        elif hit.client_id is not None:
            bus().open_record.emit("client", hit.client_id)
        self.accept()
