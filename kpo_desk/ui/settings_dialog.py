"""Settings: the firm's (kept in the store, audited) through the same form as every record, and
this computer's (the auto-lock's idle minutes, remembering the passphrase: QSettings and the
keyring, kpo_desk/ui/protection/computer_settings.py)."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QWidget

from kpo_desk.core.services.firm_settings import firm_settings, update_firm_settings
from kpo_desk.core.store import Store
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.forms import FieldSpec, RecordDialog

FIELDS = [
    FieldSpec("firm_name", "Firm name", required=True, help="Printed in the header of every report"),
    FieldSpec("user_name", "Your name", help="Written into the audit trail with every change you make"),
    FieldSpec("logo_path", "Logo file", placeholder="/path/to/logo.png", help="PNG or JPEG, printed on reports"),
    FieldSpec("report_accent", "Report accent colour", placeholder="#1f4e79"),
    FieldSpec("default_currency", "Default currency", placeholder="USD"),
    FieldSpec("own_domains", "Your mail domains", placeholder="example.com, example.co.uk",
              help="Mail from these domains is logged as outbound"),
]


class SettingsDialog(RecordDialog):
    """The firm's fields, then the "This computer" group (``computer``)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        from kpo_desk.ui.protection.computer_settings import ComputerSettings

        self.computer = ComputerSettings(store.path, store.encrypted)

        def save(values: dict) -> object:
            self.computer.apply()  # first: a refusal there keeps the firm's fields unsaved too
            return update_firm_settings(store, **values)

        super().__init__("Settings", FIELDS, save, initial=asdict(firm_settings(store)), parent=parent,
                         intro="The firm's settings are kept in the store, so they travel with your data; "
                               "those under \u201cThis computer\u201d stay here.")
        body = self.scroll.widget().layout()
        body.insertWidget(body.count() - 1, self.computer)  # above the closing stretch
        self.computer.setEnabled(not store.read_only)


def open_firm_settings(store: Store, parent: QWidget | None = None) -> bool:
    dialog = SettingsDialog(store, parent)
    if dialog.exec():
        bus().changed.emit("setting")
        bus().message.emit("Settings saved.")
        return True
    return False
