"""Ctrl+K: one search box over clients, engagements, contacts and communications."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent
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

KIND_LABELS = {"client": "Client", "engagement": "Engagement", "contact": "Contact",
               "communication": "Communication"}
LIMIT = 30


class SearchPalette(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search everything")
        self.setModal(True)
        self.resize(720, 480)
        self.store = store
        self.hits: list[Hit] = []
        self.query = QLineEdit(placeholderText="Type any word: a client, a code, a contact, words from a mail…")
        self.query.setAccessibleName("Search")
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setUniformItemSizes(False)
        self.results.itemActivated.connect(self._activate_item)
        self.status = QLabel("Enter opens the selected result; Esc closes.")
        self.status.setStyleSheet("color: gray;")
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
        try:
            # Records first, then the log: a client's name should not drown in its mail.
            self.hits = (search(self.store, text, limit=12, kinds=("client", "engagement", "contact"))
                         + search(self.store, text, limit=LIMIT, kinds=("communication",))) if text.strip() else []
        except KpoDeskError as exc:
            self.hits = []
            self.status.setText(str(exc))
            return
        for hit in self.hits:
            item = QListWidgetItem()
            label = QLabel(f"<span style='color:gray'>{KIND_LABELS.get(hit.kind, hit.kind)}</span>&nbsp;&nbsp;"
                           f"<b>{escape(hit.label)}</b>&nbsp;&nbsp;{escape(hit.title)}"
                           f"<br><span style='color:#555'>{hit.snippet_html()}</span>")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(6, 4, 6, 4)
            item.setSizeHint(label.sizeHint())
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        if self.hits:
            self.results.setCurrentRow(0)
        self.status.setText(f"{len(self.hits)} result(s). Enter opens the selected one; Esc closes."
                            if text.strip() else "Enter opens the selected result; Esc closes.")

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
