"""The checklist templates: which file each comes from, and whether it is valid."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from kpo_desk.core.checklists import list_templates, templates_dir
from kpo_desk.ui.common.table import Column, RowTableModel, make_table

RED, GREEN = QColor("#c0392b"), QColor("#1e8449")
COLUMNS = [
    Column("file", "File", 170), Column("name", "Template", 230),
    Column("service_type", "Service", 190, text=lambda t: t.service_type.label if t.service_type else "every engagement"),
    Column("items", "Items", 50, align_right=True),
    Column("valid", "State", 260, text=lambda t: "valid" if t.valid else t.error,
           colour=lambda t: GREEN if t.valid else RED, tooltip=lambda t: t.error or None),
]


class TemplatesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Checklist templates")
        self.resize(960, 440)
        self.model = RowTableModel(COLUMNS, lambda _k, _d: list_templates(), self)
        self.model.reload()
        self.table = make_table(self.model, "Checklist templates", sortable=False)
        folder = templates_dir()
        note = QLabel(f"Templates are TOML files in <b>{folder}</b>. Edit them to adapt the controls; "
                      "“Re-apply template” on an engagement adds new items and keeps the state of existing ones.",
                      wordWrap=True)
        open_folder = QPushButton("Open the folder")
        open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
