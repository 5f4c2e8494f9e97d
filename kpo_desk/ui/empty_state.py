"""What a first start shows: a welcome, and the two ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kpo_desk.core.resources import resource


class EmptyState(QWidget):
    load_sample_requested = Signal()
    new_client_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        icon.setPixmap(QIcon(str(resource("icons", "kpo-desk.svg"))).pixmap(96, 96))
        title = QLabel(self.tr("<h1>Welcome to KPO Desk</h1>"), alignment=Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            self.tr("Your store is empty. KPO Desk keeps your client engagements, their IP-protection checklists and every conversation with the client, and prints status reports.<br><br>Start with your first client, or explore with a realistic sample firm."),
            alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        text.setFixedWidth(520)
        self.sample_button = QPushButton(self.tr("Load sample data"), accessibleName="Load sample data")
        self.sample_button.setMinimumHeight(36)
        self.client_button = QPushButton(self.tr("New client…"), accessibleName="New client")
        self.client_button.setMinimumHeight(36)
        self.client_button.setDefault(True)
        self.sample_button.clicked.connect(self.load_sample_requested)
        self.client_button.clicked.connect(self.new_client_requested)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.client_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(icon)
        layout.addWidget(title)
        layout.addWidget(text, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(3)
