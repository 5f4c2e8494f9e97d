"""The checklist templates: which file each comes from, and whether it is valid.

A firm adapts templates in its own folder (the per-user data folder's ``checklists``), where a
file overrides the bundled file of the same name; never in the app's install folder."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from kpo_desk.core.checklists.templates import (
    copy_bundled_templates,
    list_templates,
    user_templates_dir,
)
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.table import Column, RowTableModel, make_table
from kpo_desk.ui.common.words import (
    QT_TRANSLATE_NOOP,
    columns_in,
    gui_count,
    plural,
    status_label,
    translate,
)
from kpo_desk.ui.theme import semantic_colour

COLUMNS = [
    Column("file", QT_TRANSLATE_NOOP("Columns", "File"), 170), Column("name", QT_TRANSLATE_NOOP("Columns", "Template"), 230),
    Column("service_type", QT_TRANSLATE_NOOP("Columns", "Service"), 190, text=lambda t: status_label(t.service_type) if t.service_type else translate("Templates", "every engagement")),
    Column("items", QT_TRANSLATE_NOOP("Columns", "Items"), 50, align_right=True),
    Column("customised", QT_TRANSLATE_NOOP("Columns", "From"), 110, text=lambda t: translate("Templates", "your folder") if t.customised else translate("Templates", "bundled"),
           tooltip=lambda t: str(t.path)),
    Column("valid", QT_TRANSLATE_NOOP("Columns", "State"), 260, text=lambda t: translate("Templates", "valid") if t.valid else t.error,
           colour=lambda t: semantic_colour("good" if t.valid else "bad"), tooltip=lambda t: t.error or None),
]


class TemplatesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Checklist templates"))
        fit_to_screen(self, 1060, 480)
        self.folder = user_templates_dir()
        self.model = RowTableModel(columns_in(COLUMNS), lambda _k, _d: list_templates(), self)
        self.model.reload()
        self.table = make_table(self.model, "Checklist templates", sortable=False)
        self.note = QLabel(wordWrap=True)
        self.note.setAccessibleName(self.tr("Where templates are adapted"))
        self.note.setText(
            self.tr("To adapt a template, edit its TOML file in your templates folder, <b>{folder}</b>. A file there takes the place of the bundled file of the same name; the others stay as shipped. “Re-apply checklist template” on an engagement adds new items and keeps the state of existing ones.").format(folder=escape(str(self.folder))))
        self.status = QLabel(wordWrap=True)
        self.status.setAccessibleName(self.tr("Templates status"))
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.setToolTip(str(self.folder))
        self.open_button.clicked.connect(self.open_folder)
        self.copy_button = QPushButton(self.tr("Copy the bundled templates there"))
        self.copy_button.setToolTip(self.tr("Copies each bundled file your folder does not have yet; never overwrites yours"))
        self.copy_button.clicked.connect(self.copy_templates)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._show_status()

    def _show_status(self) -> None:
        own = sum(1 for row in list_templates() if row.customised)
        self.status.setText(plural(self.tr("%Ln template(s) from your folder; the rest bundled.", None, own), own,
                                   "{n} template from your folder; the rest bundled.",
                                   "{n} templates from your folder; the rest bundled.") if own
                            else self.tr("All templates are the bundled ones."))

    def open_url(self, url: QUrl) -> bool:
        """Open ``url`` with the desktop's file manager (tests replace this)."""
        return QDesktopServices.openUrl(url)

    @Slot()
    def open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.open_url(QUrl.fromLocalFile(str(self.folder)))

    @Slot()
    def copy_templates(self) -> None:
        try:
            copied = copy_bundled_templates(self.folder)
        except OSError as exc:
            self.status.setText(self.tr("Could not copy the templates to {folder}: {reason}.").format(folder=self.folder, reason=exc.strerror or exc))
            return
        self.model.reload()
        self._show_status()
        if copied:
            self.status.setText(self.tr("Copied {count} to {folder}. Edit them there; they take the place of the bundled ones.").format(count=gui_count(len(copied), translate("Words", "template"), translate("Words", "templates")), folder=self.folder))
        else:
            self.status.setText(self.tr("Your folder already has every template ({folder}); nothing was overwritten.").format(folder=self.folder))
