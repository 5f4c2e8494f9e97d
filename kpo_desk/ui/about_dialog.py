"""Help ▸ About KPO Desk: the version, what the app is, and the licences of the bundled fonts and
libraries (all of it from kpo_desk.core.licences, which ``kpo-desk about`` prints too)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
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

from kpo_desk.core.licences import (
    APP_LICENCE,
    AboutInfo,
    FontLicence,
    LibraryLicence,
    about_info,
    about_text,
)
from kpo_desk.core.resources import resource
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.table import Column, RowTableModel, make_table
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, columns_in, translate

WHAT_IT_IS = QT_TRANSLATE_NOOP("About", "Engagements, IP-protection checklists, communication logs and client status reports for a small KPO firm. Offline: everything stays in one file on this computer.")

FONT_COLUMNS = [
    Column("family", QT_TRANSLATE_NOOP("Columns", "Font"), 160),
    Column("licence", QT_TRANSLATE_NOOP("Columns", "Licence"), 290, tooltip=lambda f: f.licence),
    Column("copyright", QT_TRANSLATE_NOOP("Columns", "Copyright"), 250, tooltip=lambda f: f.copyright),
    Column("files", QT_TRANSLATE_NOOP("Columns", "Files"), 120, text=lambda f: ", ".join(f.files), tooltip=lambda f: "\n".join(f.files)),
]
LIBRARY_COLUMNS = [
    Column("name", QT_TRANSLATE_NOOP("Columns", "Library"), 170),
    Column("version", QT_TRANSLATE_NOOP("Columns", "Version"), 90, text=lambda lib: lib.version or "–"),
    Column("licence", QT_TRANSLATE_NOOP("Columns", "Licence"), 300, tooltip=lambda lib: lib.licence),
    Column("purpose", QT_TRANSLATE_NOOP("Columns", "Used for"), 260),
]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return translate("About", "The licence file could not be read: {error}").format(error=exc)


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
        self.setWindowTitle(self.tr("About KPO Desk"))
        fit_to_screen(self, 900, 600)

        icon = QLabel()
        icon.setAccessibleName(self.tr("KPO Desk icon"))
        icon.setPixmap(self._icon_pixmap(72))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = QLabel(self.tr("<h2 style='margin:0'>KPO Desk</h2>"))
        self.version_label = QLabel(self.tr("Version {version}  ·  {APP_LICENCE}  ·  Python {python}").format(version=self.info.version, APP_LICENCE=APP_LICENCE, python=self.info.python))
        self.version_label.setAccessibleName(self.tr("Version"))
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        blurb = QLabel(translate("About", WHAT_IT_IS), wordWrap=True)
        heading = QVBoxLayout()
        heading.setSpacing(4)
        heading.addWidget(self.title)
        heading.addWidget(self.version_label)
        heading.addWidget(blurb)
        if store_path is not None:
            store = QLabel(self.tr("Store: {store_path}").format(store_path=store_path), wordWrap=True)
            store.setAccessibleName(self.tr("Store path"))
            store.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            store.setStyleSheet("color: palette(placeholder-text);")
            heading.addWidget(store)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon)
        top.addLayout(heading, 1)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Licences"))
        self.tabs.addTab(self._fonts_tab(), self.tr("Fonts ({count})").format(count=len(self.info.fonts)))
        self.tabs.addTab(self._libraries_tab(), self.tr("Libraries ({count})").format(count=len(self.info.libraries)))

        copy = QPushButton(self.tr("&Copy to clipboard"))
        copy.setToolTip(self.tr("Copy the version and every licence as plain text (for a support request)"))
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
    def _tab(self, note: str, table, text_name: str) -> tuple[QWidget, QLabel, QPlainTextEdit]:  # noqa: ANN001
        """A note, then the table above the licence text of its selected row."""
        text = QPlainTextEdit(readOnly=True)
        text.setAccessibleName(text_name)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        caption = QLabel()
        text_box = QWidget()
        text_layout = QVBoxLayout(text_box)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(caption)
        text_layout.addWidget(text)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(table)
        splitter.addWidget(text_box)
        splitter.setSizes([160, 260])
        splitter.setChildrenCollapsible(False)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(note, wordWrap=True))
        layout.addWidget(splitter, 1)
        return page, caption, text

    def _fonts_tab(self) -> QWidget:
        self.font_model = RowTableModel(columns_in(FONT_COLUMNS), _sorted_loader(self.info.fonts), self)
        self.font_model.reload()
        self.font_table = make_table(self.font_model, "Bundled fonts", sortable=False)
        page, self.licence_caption, self.licence_text = self._tab(
            self.tr("The reports embed these fonts so that every script prints. Select a font to read its full licence."),
            self.font_table, self.tr("Licence text"))
        self.font_table.selectionModel().selectionChanged.connect(self._font_selected)
        if self.font_model.rowCount():
            self.font_table.selectRow(0)
        else:
            self.licence_caption.setText(self.tr("No fonts are bundled with this copy."))
        return page

    def _libraries_tab(self) -> QWidget:
        self.library_model = RowTableModel(columns_in(LIBRARY_COLUMNS), _sorted_loader(self.info.libraries), self)
        self.library_model.reload()
        self.library_table = make_table(self.library_model, "Bundled libraries")
        page, self.library_caption, self.library_text = self._tab(
            self.tr("KPO Desk is written in Python {python} (PSF-2.0) and ships these libraries. Select one to read its licence: the text it ships, or the standard text of the licence it declares where it ships none.").format(python=self.info.python),
            self.library_table, self.tr("Library licence text"))
        self.library_table.selectionModel().selectionChanged.connect(self._library_selected)
        if self.library_model.rowCount():
            self.library_table.selectRow(0)
        return page

    # -- behaviour -------------------------------------------------------------------------------
    @staticmethod
    def _selected(table, model: RowTableModel):  # noqa: ANN001, ANN205
        rows = table.selectionModel().selectedRows()
        return model.row_at(rows[0].row()) if rows else None

    @Slot(QItemSelection, QItemSelection)
    def _font_selected(self, *_args) -> None:  # noqa: ANN002
        font: FontLicence | None = self._selected(self.font_table, self.font_model)
        if font is None:
            return
        self.licence_caption.setText(f"<b>{font.family}</b>: {font.licence_file.name}")
        self.licence_text.setPlainText(_read(font.licence_file))

    @Slot(QItemSelection, QItemSelection)
    def _library_selected(self, *_args) -> None:  # noqa: ANN002
        lib: LibraryLicence | None = self._selected(self.library_table, self.library_model)
        if lib is None:
            return
        files = lib.licence_files
        self.library_caption.setText(f"<b>{escape(lib.name)}</b>: " + (
            escape(", ".join(p.name for p in files)) if files else self.tr("no licence text found in this copy")))
        self.library_text.setPlainText("\n\n".join(
            (f"───── {p.name} ─────\n\n" if len(files) > 1 else "") + _read(p) for p in files))

    @Slot()
    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(about_text(self.info))

    @staticmethod
    def _icon_pixmap(size: int) -> QPixmap:
        return QIcon(str(resource("icons", "kpo-desk.svg"))).pixmap(size, size)
