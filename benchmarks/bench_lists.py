"""The engagement list and the dashboard, driven through the real widgets, offscreen.

On the large store (20,000 engagements), with "All statuses" chosen:

- open: the list reloads (what switching to the view or changing a filter does);
- sort: a click on the Client column header (the model re-queries, sorted in SQL);
- one filter keystroke: a letter typed in the filter box, then the reload the box's timer
  would start (the 120 ms typing pause itself is left out);
- scroll to the end: scroll the table to its last row and paint it (a paged list fetches
  the last page; a batched one fetches every batch);
- open the engagement listed last: what opening it from search or the dashboard does (find
  its row, select it, scroll to it), from a freshly reloaded list.

Each step includes the paint that follows (``processEvents``). Target: at most 100 ms each.

The dashboard refresh is timed in core (``needs_attention`` with the health monitor the
dashboard keeps, plus the status and service counts) and as the widget does it, until the new
figures show (``DashboardView.reload`` in its worker thread: those, the compliance gaps, the
portfolio score and the risk heat map). Target: at most 200 ms.

    python benchmarks/bench_lists.py --db benchmarks/cache/large.sqlite3
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from harness import measure_one_store, small_then_large

LIST_TARGET_MS = 100.0
DASHBOARD_TARGET_MS = 200.0
REPEAT = 3


def _app():  # noqa: ANN202
    """One offscreen QApplication with settings in a private folder (never the user's)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "XDG_CONFIG_HOME" not in os.environ:
        os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kpo-bench-settings-")
    from PySide6.QtWidgets import QApplication

    from kpo_desk.ui.app import configure_application

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        configure_application(app)
    return app


def _ms(app, step: Callable[[], object], prepare: Callable[[], object] | None = None,  # noqa: ANN001
        repeat: int = REPEAT) -> float:
    """Median wall time of ``step`` plus the paint it causes; ``prepare`` runs untimed before each."""
    times = []
    for _ in range(repeat):
        if prepare is not None:
            prepare()
            app.processEvents()
        started = time.perf_counter()
        step()
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _wait_loaded(app, view, timeout_s: float = 60.0) -> None:  # noqa: ANN001
    """Run the event loop until the dashboard's background refresh has shown its figures."""
    done: list[bool] = []
    view.loaded.connect(lambda: done.append(True))
    if not view._loading:  # noqa: SLF001 - nothing under way: it already shows the latest figures
        return
    deadline = time.perf_counter() + timeout_s
    while not done and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)


def _row(label: str, what: str, value: float, target: float) -> dict:
    return {"name": f"{label}: {what}", "value": round(value, 1), "unit": "ms", "baseline": None,
            "target": f"<= {target:g} ms", "ok": value <= target}


def measure(path: Path, label: str) -> list[dict]:
    from PySide6.QtCore import Qt

    from kpo_desk.core.health import HealthMonitor
    from kpo_desk.core.overview import attention
    from kpo_desk.core.services import dashboard
    from kpo_desk.core.store import Store
    from kpo_desk.ui.main_window import MainWindow

    app = _app()
    rows: list[dict] = []
    with Store.open(path, create=False) as store:
        window = MainWindow(store)
        window.resize(1360, 820)
        window.show()
        app.processEvents()
        # The window opens on the dashboard, whose first full health assessment runs in a worker
        # thread for about a second on the large store. Let it finish, so that the list is timed
        # on its own rather than against that thread for the interpreter.
        _wait_loaded(app, window.dashboard)
        window.show_view("Engagements")
        view, page = window.engagements, window.engagements.page
        model, table = view.model, page.table
        view.status_filter.setCurrentIndex(view.status_filter.findData(None))  # all statuses
        app.processEvents()
        total = model.total()

        def by_code() -> None:
            table.sortByColumn(1, Qt.SortOrder.AscendingOrder)

        def scroll_to_end() -> None:
            while model.canFetchMore():  # a list loaded in batches (a paged list has none)
                model.fetchMore()
            table.scrollToBottom()
            table.viewport().repaint()  # paint now: the last rows are asked for (and fetched)
            last = model.row_at(model.rowCount() - 1)
            assert last is not None, "the last row did not load"

        def keystroke() -> None:
            page.filter_edit.setText("s")
            page._timer.stop()  # the reload below is the one the typing pause would start
            page.reload()

        def clear_filter() -> None:
            page.filter_edit.clear()
            page._timer.stop()
            page.reload()

        what = f"engagement list, {total:,} engagements"
        rows.append(_row(label, f"{what}: open (reload, all statuses)", _ms(app, page.reload), LIST_TARGET_MS))
        rows.append(_row(label, f"{what}: sort by client (header click)",
                         _ms(app, lambda: table.sortByColumn(2, Qt.SortOrder.AscendingOrder), by_code),
                         LIST_TARGET_MS))
        by_code()
        app.processEvents()
        rows.append(_row(label, f"{what}: one filter keystroke ('s')", _ms(app, keystroke, clear_filter),
                         LIST_TARGET_MS))
        clear_filter()
        app.processEvents()
        rows.append(_row(label, f"{what}: scroll to the end", _ms(app, scroll_to_end, lambda: (page.reload(), table.scrollToTop())),
                         LIST_TARGET_MS))
        # Opening an engagement from search or the dashboard selects it in the list: take the
        # one listed last (the deepest page), from a freshly reloaded list.
        deepest = model.row_at(model.rowCount() - 1).id

        def select_deepest() -> None:
            view.select(deepest)
            current = table.currentIndex()
            assert current.isValid() and model.row_at(current.row()).id == deepest, "not selected"

        rows.append(_row(label, f"{what}: open the engagement listed last (select and scroll to it)",
                         _ms(app, select_deepest, lambda: (page.reload(), table.scrollToTop())), LIST_TARGET_MS))

        today = date.today()

        monitor = HealthMonitor(store)
        monitor.refresh(today=today)  # the dashboard's monitor assesses everything once, when first shown

        def core_refresh() -> None:
            attention.needs_attention(store, today=today, health=monitor.refresh(today=today))
            dashboard.counts_by_status(store)
            dashboard.counts_by_service(store)

        core_refresh()
        rows.append(_row(label, "dashboard refresh in core (needs_attention with the health monitor + counts)",
                         _ms(app, core_refresh), DASHBOARD_TARGET_MS))
        started = time.perf_counter()
        monitor.refresh(today=today, full=True)
        rows.append({"name": f"{label}: the monitor's first, full health assessment (once per session, "
                             "off the GUI thread)", "value": round((time.perf_counter() - started) * 1000, 1),
                     "unit": "ms", "baseline": None, "target": "information", "ok": None})
        window.show_view("Dashboard")
        dash = window.dashboard
        _wait_loaded(app, dash)

        def view_refresh() -> None:
            dash.reload()
            _wait_loaded(app, dash)

        rows.append(_row(label, "dashboard refresh as the view does it, until it shows the new figures "
                                "(DashboardView.reload: attention, counts, compliance gaps, portfolio, heat map)",
                         _ms(app, view_refresh), DASHBOARD_TARGET_MS))
        window.close()
        window.deleteLater()
        app.processEvents()
    return rows


def run(small: Path, large: Path | None) -> list[dict]:
    return small_then_large(measure, small, large)


if __name__ == "__main__":
    measure_one_store(__doc__, measure)
