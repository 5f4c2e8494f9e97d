"""Checklist templates are adapted in the user's own folder, never in the app's install folder:
the dialog names that folder, opens it, and copies the bundled templates there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kpo_desk.core.checklists.templates import bundled_templates_dir, user_templates_dir
from kpo_desk.core.store import Store
from kpo_desk.ui.templates_dialog import TemplatesDialog
from tests.ui.helpers import open_window, when_modal


def test_templates_dialog_points_to_the_users_folder_and_copies_the_bundled_ones_there(
        qtbot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(TemplatesDialog, "open_url", lambda _self, url: opened.append(url.toLocalFile()) or True)
    folder = user_templates_dir()
    window = open_window(qtbot, store)
    seen: dict = {}

    def use(dialog: TemplatesDialog) -> None:
        qtbot.waitExposed(dialog)
        seen["note"] = dialog.note.text()
        seen["before"] = [dialog.model.data(dialog.model.index(r, 4)) for r in range(dialog.model.rowCount())]
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        seen["status"] = dialog.status.text()
        seen["after"] = [dialog.model.data(dialog.model.index(r, 4)) for r in range(dialog.model.rowCount())]
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        seen["again"] = dialog.status.text()
        dialog.reject()

    errors = when_modal(use, kind=TemplatesDialog)
    window.templates_action.trigger()
    assert errors == []
    assert str(folder) in seen["note"] and str(bundled_templates_dir()) not in seen["note"]
    assert opened == [str(folder)] and folder.is_dir(), "Open folder opens (and makes) the user's folder"
    bundled = sorted(p.name for p in bundled_templates_dir().glob("*.toml"))
    assert sorted(p.name for p in folder.glob("*.toml")) == bundled
    assert set(seen["before"]) == {"bundled"} and set(seen["after"]) == {"your folder"}
    assert seen["status"].startswith(f"Copied {len(bundled)} templates to {folder}")
    assert "nothing was overwritten" in seen["again"]
