"""Render every main view of the desk, filled with demo data, in light and dark: `make screenshots`.

Runs offscreen (QT_QPA_PLATFORM=offscreen) on a fresh demo store in a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kpo_desk.core.demo import generate_demo  # noqa: E402
from kpo_desk.core.store import Store  # noqa: E402
from kpo_desk.ui.app import configure_application  # noqa: E402
from kpo_desk.ui.main_window import MainWindow  # noqa: E402
from kpo_desk.ui.theme import apply_theme  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1360, 820)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shoot(app: QApplication, store: Store, scheme: str) -> list[Path]:
    window = MainWindow(store)
    window.resize(*SIZE)
    window.show()
    settle(app)
    shots: list[Path] = []

    def grab(name: str) -> None:
        settle(app)
        path = OUT / f"{name}-{scheme}.png"
        window.grab().save(str(path))
        shots.append(path)

    for view in ("Dashboard", "Clients", "Staff", "Reports"):
        window.show_view(view)
        if view == "Dashboard":  # its figures are gathered off the GUI thread: wait for them
            deadline = time.monotonic() + 60
            while window.dashboard.snapshot is None and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
        page = getattr(window.views[view], "page", None)
        if page is not None and page.model.total():
            page.table.selectRow(1 if view == "Clients" else 0)
        grab(view.lower())
    window.show_view("Communications")
    window.communications.log.page.table.selectRow(0)
    grab("communications")
    window.communications.setCurrentWidget(window.communications.follow_ups)
    grab("follow-ups")
    window.show_view("Engagements")
    view = window.engagements
    row = next(i for i in range(view.model.total()) if view.model.row_at(i).status.value == "active")
    view.page.table.selectRow(row)
    detail = view.detail
    for tab, name in ((detail.overview, "engagement-overview"), (detail.checklist_tab, "engagement-checklist"),
                      (detail.milestones, "engagement-milestones"), (detail.communications_tab, "engagement-log"),
                      (detail.history, "engagement-history")):
        detail.setCurrentWidget(tab)
        if tab is detail.communications_tab:
            tab.page.table.selectRow(0)
        grab(name)
    window.close()
    return shots


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QCoreApplication.setOrganizationName("KPO Desk Screenshots")
        with Store.open(Path(tmp) / "demo.sqlite3") as store:
            generate_demo(store, seed=7)
            shots = []
            for scheme, colour in (("light", Qt.ColorScheme.Light), ("dark", Qt.ColorScheme.Dark)):
                apply_theme(app, colour)
                settle(app)
                shots += shoot(app, store, scheme)
    for path in shots:
        print(path.relative_to(OUT.parent.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
