"""Start-up: the window's frame paints before the data layer is imported, then the store fills it."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt

from kpo_desk.core.store import Store
from kpo_desk.ui.main_window import MainWindow
from tests.ui.helpers import when_modal


def test_the_frame_paints_before_the_data_layer_is_imported(tmp_path) -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from kpo_desk.ui.app import configure_application, show_frame\n"
        "app = QApplication([]); configure_application(app)\n"
        "window = show_frame(app)\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'reportlab', 'pydantic')"
        " if m in sys.modules)\n"
        "print(window.isVisible(), window.isEnabled(), heavy)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=120, check=True)
    # Shown, not yet usable (no store), and nothing of the data layer loaded.
    assert out.stdout.strip().splitlines()[-1] == "True False []"


def test_attach_fills_the_frame_and_builds_views_when_first_shown(qtbot, demo_store: Store) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.isEnabled() and window.path_label.text() == "Opening the store…"

    window.attach(demo_store)
    assert window.isEnabled() and str(demo_store.path) in window.path_label.text()
    assert window.current_view_name() == "Dashboard" and set(window._views) == {"Dashboard"}

    window.show_view("Engagements")
    assert set(window._views) == {"Dashboard", "Engagements"}
    assert window.view_stack.currentWidget() is window.engagements
    view = window.engagements
    view.status_filter.setCurrentIndex(view.status_filter.findData(None))
    assert view.model.total() == demo_store.table_counts()["engagement"]

    # New engagement (Ctrl+N) works from another view: it opens the editor, and Escape cancels.
    window.show_view("Staff")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen: list[str] = []
    errors = when_modal(lambda dialog: (seen.append(dialog.windowTitle()), dialog.reject()))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen) or bool(errors))
    assert not errors and "engagement" in seen[0].lower()
    assert window.current_view_name() == "Engagements"
