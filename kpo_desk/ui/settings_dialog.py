"""Settings: the firm's (kept in the store, audited) through the same form as every record, and
this computer's (the auto-lock's idle minutes, remembering the passphrase: QSettings and the
keyring, kpo_desk/ui/protection/computer_settings.py)."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from kpo_desk.core.services.firm_settings import firm_settings_with_versions, update_firm_settings
from kpo_desk.core.store import Store
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.forms import FieldSpec, RecordDialog
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, translate
from kpo_desk.ui.language import CHOICES, chosen_language, set_chosen_language
from kpo_desk.ui.theme import semantic_style

FIELDS = [
    FieldSpec("firm_name", QT_TRANSLATE_NOOP("Fields", "Firm name"), required=True,
              help=QT_TRANSLATE_NOOP("Fields", "Printed in the header of every report")),
    FieldSpec("user_name", QT_TRANSLATE_NOOP("Fields", "Your name"),
              help=QT_TRANSLATE_NOOP("Fields", "Written into the audit trail with every change you make")),
    FieldSpec("logo_path", QT_TRANSLATE_NOOP("Fields", "Logo file"), placeholder="/path/to/logo.png",
              help=QT_TRANSLATE_NOOP("Fields", "PNG or JPEG, printed on reports")),
    FieldSpec("report_accent", QT_TRANSLATE_NOOP("Fields", "Report accent colour"), placeholder="#1f4e79"),
    FieldSpec("default_currency", QT_TRANSLATE_NOOP("Fields", "Default currency"), placeholder="USD"),
    FieldSpec("own_domains", QT_TRANSLATE_NOOP("Fields", "Your mail domains"), placeholder=QT_TRANSLATE_NOOP("Fields", "example.com, example.co.uk"),
              help=QT_TRANSLATE_NOOP("Fields", "Mail from these domains is logged as outbound")),
]


class LanguageChoice(QGroupBox):
    """The GUI's language on this computer: the system's, English or Deutsch (QSettings, read at
    start-up by kpo_desk/ui/language.py, so a change takes effect on restart)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Language"))
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Language"))
        for value, name in CHOICES:
            self.combo.addItem(name or self.tr("System"), value)
        self.combo.setCurrentIndex(max(0, self.combo.findData(chosen_language())))
        self.note = QLabel(self.tr("A new language takes effect when KPO Desk starts again."), wordWrap=True)
        self.note.setStyleSheet(semantic_style("muted"))
        layout = QFormLayout(self)
        layout.addRow(self.tr("Window language"), self.combo)
        layout.addRow(self.note)

    def apply(self) -> bool:
        """Keep the choice; True when it differs from the one kept before."""
        value = self.combo.currentData()
        changed = value != chosen_language()
        set_chosen_language(value)
        if changed:
            bus().message.emit(self.tr("The new language takes effect when KPO Desk starts again."))
        return changed


class SettingsDialog(RecordDialog):
    """The firm's fields, then the "This computer" group (``computer``).

    The firm's settings are rows of their own, so the version the dialog remembers is each one's
    (core's ``firm_settings_with_versions``): a save over a setting someone else changed since
    asks, as any record does, to reload their version or overwrite it (audited)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        from kpo_desk.ui.protection.computer_settings import ComputerSettings

        self.computer = ComputerSettings(store.path, store.encrypted)

        self.language = LanguageChoice()

        def save(values: dict) -> object:
            self.computer.apply()  # first: a refusal there keeps the firm's fields unsaved too
            record = update_firm_settings(store, **values)
            self.language.apply()
            return record

        def reload() -> tuple[dict, dict[str, int]]:
            settings, versions = firm_settings_with_versions(store)
            return asdict(settings), versions

        initial, versions = reload()
        super().__init__(translate("SettingsDialog", "Settings"), FIELDS, save,
                         initial=initial, parent=parent, version=versions, reload=reload,  # type: ignore[arg-type]
                         record_word=translate("SettingsDialog", "firm setting"),
                         intro=translate("SettingsDialog", "The firm's settings are kept in the store, so they "
                                         "travel with your data; those under \u201cThis computer\u201d stay here."))
        body = self.scroll.widget().layout()
        body.insertWidget(body.count() - 1, self.computer)  # above the closing stretch
        body.insertWidget(body.count() - 1, self.language)
        self.computer.setEnabled(not store.read_only)


def open_firm_settings(store: Store, parent: QWidget | None = None) -> bool:
    dialog = SettingsDialog(store, parent)
    if dialog.exec():
        bus().changed.emit("setting")
        bus().message.emit(translate("Settings", "Settings saved."))
        return True
    return False
