"""A child process for the start-up and memory benchmarks: open a window, note when it first
paints, print one JSON line, exit.

    python benchmarks/gui_probe.py bare --t0 EPOCH          # a bare PySide6 window, empty table
    python benchmarks/gui_probe.py app --db PATH --t0 EPOCH # the app's main window on a store
    python benchmarks/gui_probe.py memory --db PATH         # the app, Dashboard then Engagements

``--t0`` is the parent's ``time.time()`` just before it started this process, so the figure
covers the interpreter, the imports, opening the store, building the window and the first
paint, the same way for both. The app is started the way ``kpo_desk.ui.app`` starts it
(``configure_application``, the window's frame ``MainWindow()`` shown and painted, then
``Store.open`` and ``attach``), without the lock, the rolling backup and the "Today" digest,
which are not what a person waits for. Two figures: the first paint of the main window, and
the first paint after its store is attached and the view it opens on is filled (for the
Dashboard: after its figures, gathered off the GUI thread, arrived). QSettings live in a fresh folder (the caller sets ``XDG_CONFIG_HOME``), so the
window opens as on a first start.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _first_paint_ms(window, t0: float, app) -> float:  # noqa: ANN001
    """Show ``window`` (or repaint it, if shown) and run the event loop until a widget in it
    paints; ms since ``t0``."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    painted: list[float] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802
            if (not painted and event.type() == QEvent.Type.Paint and hasattr(watched, "window")
                    and watched.window() is window):
                painted.append(time.time())
                QTimer.singleShot(0, app.quit)
            return False

    spy = FirstPaint()
    app.installEventFilter(spy)
    if window.isVisible():
        window.update()
    else:
        window.show()
    QTimer.singleShot(60_000, app.quit)  # never hang the harness
    app.exec()
    app.removeEventFilter(spy)
    if not painted:
        raise SystemExit("the window never painted")
    return (painted[0] - t0) * 1000


def bare(t0: float) -> dict:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    table = QTableView()
    table.setModel(QStandardItemModel(0, 7))
    window.setCentralWidget(table)
    window.resize(1360, 820)
    return {"first_paint_ms": _first_paint_ms(window, t0, app)}


def _open_app(db: str):  # noqa: ANN202
    from PySide6.QtWidgets import QApplication

    from kpo_desk.core.store import Store
    from kpo_desk.ui.app import configure_application
    from kpo_desk.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    configure_application(app)
    store = Store.open(db, create=False)
    return app, store, MainWindow(store)


def _wait_until_filled(window, app) -> None:  # noqa: ANN001
    """Run the event loop until the view the window opened on has its data. The Dashboard
    gathers its figures off the GUI thread and says so with ``loaded``; the first paint after
    ``attach`` shows only "Looking at every engagement…", which is not a filled window."""
    from PySide6.QtCore import QTimer

    view = window.view_stack.currentWidget()
    if getattr(view, "snapshot", True) is not None or not hasattr(view, "loaded"):
        return  # filled already, or a view that fills as it is built
    view.loaded.connect(app.quit)
    QTimer.singleShot(120_000, app.quit)  # never hang the harness
    app.exec()
    view.loaded.disconnect(app.quit)
    if view.snapshot is None:
        raise SystemExit("the view never filled")


def app_window(db: str, t0: float) -> dict:
    from PySide6.QtWidgets import QApplication

    from kpo_desk.ui.app import configure_application
    from kpo_desk.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    configure_application(app)
    window = MainWindow()
    ms = _first_paint_ms(window, t0, app)
    from kpo_desk.core.store import Store

    store = Store.open(db, create=False)
    window.attach(store)
    _wait_until_filled(window, app)
    filled_ms = _first_paint_ms(window, t0, app)
    heavy = sorted(m for m in ("reportlab", "pypdf", "extract_msg", "icalendar", "pypdfium2")
                   if m in sys.modules)
    store.close()
    return {"first_paint_ms": ms, "filled_paint_ms": filled_ms, "heavy_modules_loaded": heavy}


def memory(db: str) -> dict:
    from PySide6.QtCore import QTimer

    app, store, window = _open_app(db)
    window.show()
    app.processEvents()
    window.show_view("Dashboard")
    app.processEvents()
    window.show_view("Engagements")
    view = window.engagements
    view.status_filter.setCurrentIndex(view.status_filter.findData(None))  # all statuses
    app.processEvents()
    while view.model.canFetchMore():
        view.model.fetchMore()
    view.page.table.scrollToBottom()
    QTimer.singleShot(50, app.quit)
    app.exec()
    rows = view.model.total()
    store.close()
    return {"peak_rss_mb": _peak_rss_mb(), "engagement_rows": rows}


def _peak_rss_mb() -> float:
    """This process's peak RSS. On Linux, VmHWM: ru_maxrss is carried across exec from the
    forked parent, so a child of a big harness would report the harness's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("bare", "app", "memory"))
    parser.add_argument("--db")
    parser.add_argument("--t0", type=float, default=None)
    args = parser.parse_args()
    t0 = args.t0 if args.t0 is not None else time.time()
    if args.mode == "bare":
        out = bare(t0)
    elif args.mode == "app":
        out = app_window(args.db, t0)
    else:
        out = memory(args.db)
    print(json.dumps(out), flush=True)
    os._exit(0)  # skip Qt's and SQLAlchemy's teardown: it is not what is measured


if __name__ == "__main__":
    main()
