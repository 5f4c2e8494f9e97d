from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings


@pytest.fixture(autouse=True)
def _qt_settings(qapp, tmp_path) -> None:
    """Fresh QSettings for every test (written under the test's own folder)."""
    QCoreApplication.setOrganizationName("KPO Desk Tests")
    QCoreApplication.setApplicationName("KPO Desk Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings().clear()
