"""Firm settings (kept in the store, audited) through the same form as every record."""

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


def open_firm_settings(store: Store, parent: QWidget | None = None) -> bool:
    dialog = RecordDialog("Settings", FIELDS, lambda values: update_firm_settings(store, **values),
                          initial=asdict(firm_settings(store)), parent=parent,
                          intro="These settings are kept in the store, so they travel with your data.")
    if dialog.exec():
        bus().changed.emit("setting")
        bus().message.emit("Settings saved.")
        return True
    return False
