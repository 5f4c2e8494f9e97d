"""Help ▸ About KPO Desk: the version, what the app is, and the licences of the bundled fonts and
libraries (all of it from kpo_desk.core.licences, which ``kpo-desk about`` prints too)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.licences import AboutInfo, FontLicence, about_info, about_text
from kpo_desk.core.resources import resource
from kpo_desk.ui.common.table import Column, RowTableModel, make_table

WHAT_IT_IS = ("Engagements, IP-protection checklists, communication logs and client status reports "
              "for a small KPO firm. Offline: everything stays in one file on this computer.")

FONT_COLUMNS = [
    Column("family", "Font", 160),
    Column("licence", "Licence", 290, tooltip=lambda f: f.licence),
    Column("copyright", "Copyright", 250, tooltip=lambda f: f.copyright),
    Column("files", "Files", 120, text=lambda f: ", ".join(f.files), tooltip=lambda f: "\n".join(f.files)),
]
LIBRARY_COLUMNS = [
    Column("name", "Library", 170),
    Column("version", "Version", 90, text=lambda lib: lib.version or "–"),
    Column("licence", "Licence", 300, tooltip=lambda lib: lib.licence),
    Column("purpose", "Used for", 260),
]


def _sorted_loader(rows: tuple) -> Callable[[str, bool], list]:
    """A RowTableModel loader over a few fixed rows, sorting by the clicked column."""
    def load(key: str, descending: bool) -> list:
        return sorted(rows, key=lambda r: str(getattr(r, key, "")).casefold(), reverse=descending)
    return load


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, store_path: Path | None = None,
                 info: AboutInfo | None = None) -> None:
        super().__init__(parent)
        self.info = info or about_info()
        self.setWindowTitle("About KPO Desk")
        self.resize(900, 600)

        icon = QLabel()
        icon.setAccessibleName("KPO Desk icon")
        icon.setPixmap(self._icon_pixmap(72))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = QLabel("<h2 style='margin:0'>KPO Desk</h2>")
        self.version_label = QLabel(f"Version {self.info.version}  ·  Python {self.info.python}")
        self.version_label.setAccessibleName("Version")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        blurb = QLabel(WHAT_IT_IS, wordWrap=True)
        heading = QVBoxLayout()
        heading.setSpacing(4)
        heading.addWidget(self.title)
        heading.addWidget(self.version_label)
        heading.addWidget(blurb)
        if store_path is not None:
            store = QLabel(f"Store: {store_path}", wordWrap=True)
            store.setAccessibleName("Store path")
            store.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            store.setStyleSheet("color: palette(placeholder-text);")
            heading.addWidget(store)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon)
        top.addLayout(heading, 1)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Licences")
        self.tabs.addTab(self._fonts_tab(), f"Fonts ({len(self.info.fonts)})")
        self.tabs.addTab(self._libraries_tab(), f"Libraries ({len(self.info.libraries)})")

        copy = QPushButton("&Copy to clipboard")
        copy.setToolTip("Copy the version and every licence as plain text (for a support request)")
        copy.clicked.connect(self.copy_to_clipboard)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    # -- the two tabs ----------------------------------------------------------------------------
    def _fonts_tab(self) -> QWidget:
        self.font_model = RowTableModel(FONT_COLUMNS, _sorted_loader(self.info.fonts), self)
        self.font_model.reload()
        self.font_table = make_table(self.font_model, "Bundled fonts", sortable=False)
        self.licence_text = QPlainTextEdit(readOnly=True)
        self.licence_text.setAccessibleName("Licence text")
        self.licence_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.licence_caption = QLabel()
        self.font_table.selectionModel().selectionChanged.connect(self._font_selected)
        text_box = QWidget()
        text_layout = QVBoxLayout(text_box)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.licence_caption)
        text_layout.addWidget(self.licence_text)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.font_table)
        splitter.addWidget(text_box)
        splitter.setSizes([110, 300])
        splitter.setChildrenCollapsible(False)
        note = QLabel("The reports embed these fonts so that every script prints. "
                      "Select a font to read its full licence.", wordWrap=True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(splitter, 1)
        if self.font_model.rowCount():
            self.font_table.selectRow(0)
        else:
            self.licence_caption.setText("No fonts are bundled with this copy.")
        return page

    def _libraries_tab(self) -> QWidget:
        self.library_model = RowTableModel(LIBRARY_COLUMNS, _sorted_loader(self.info.libraries), self)
        self.library_model.reload()
        self.library_table = make_table(self.library_model, "Bundled libraries")
        note = QLabel(f"KPO Desk is written in Python {self.info.python} (PSF-2.0) and ships these "
                      "libraries. The licence texts that the libraries ship are kept inside the app folder, "
                      "with each library's metadata.",
                      wordWrap=True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.library_table, 1)
        return page

    # -- behaviour -------------------------------------------------------------------------------
    @Slot(QItemSelection, QItemSelection)
    def _font_selected(self, *_args) -> None:  # noqa: ANN002
        rows = self.font_table.selectionModel().selectedRows()
        font: FontLicence | None = self.font_model.row_at(rows[0].row()) if rows else None
        if font is None:
            return
        self.licence_caption.setText(f"<b>{font.family}</b>: {font.licence_file.name}")
        try:
            text = font.licence_file.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            text = f"The licence file could not be read: {exc}"
        self.licence_text.setPlainText(text)

    @Slot()
    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(about_text(self.info))

    @staticmethod
    def _icon_pixmap(size: int) -> QPixmap:
        return QIcon(str(resource("icons", "kpo-desk.svg"))).pixmap(size, size)
