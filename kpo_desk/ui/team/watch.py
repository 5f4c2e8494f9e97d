"""The connection to the team server, watched: a cheap query every few seconds (off the GUI
thread), and at once after any action whose connection failed. While the server cannot be
reached, a banner at the top of the window says so; saves are refused by the store with its own
sentence (kpo_desk/core/store_server.human_server_error), so nothing is half-written. The
engine's pool checks each connection before use (pre_ping), so when the server is back the next
probe succeeds, the banner goes, and work goes on without a restart."""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

#: Milliseconds between probes while the server answers, and while it does not.
PROBE_MS = 5000
RETRY_MS = 2000


class ConnectionWatch(QObject):
    """``down`` is True while the server cannot be reached; ``changed(down)`` when that changes."""

    changed = Signal(bool)
    _probed = Signal(bool)  # from the probe's thread
    _failed = Signal()  # from any thread whose statement lost the connection

    def __init__(self, window: QMainWindow, store) -> None:  # noqa: ANN001 - a server Store
        super().__init__(window)
        self.store = store
        self.down = False
        self.probe_ms, self.retry_ms = PROBE_MS, RETRY_MS
        self._probing = threading.Lock()
        self.banner = _install_banner(window)
        self.changed.connect(self._show)
        self._probed.connect(self._on_probed, Qt.ConnectionType.QueuedConnection)
        self._failed.connect(self.probe_now, Qt.ConnectionType.QueuedConnection)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.probe_now)
        self.timer.start(self.probe_ms)
        from sqlalchemy import event

        self._listener = self._on_engine_error
        event.listen(store.engine, "handle_error", self._listener)

    def _on_engine_error(self, context) -> None:  # noqa: ANN001 - sqlalchemy ExceptionContext
        """Any statement (any thread) that failed on the connection: probe now, not in 5 s."""
        import psycopg

        if isinstance(context.original_exception, psycopg.OperationalError):
            with contextlib.suppress(RuntimeError):  # the window is gone
                self._failed.emit()

    @Slot()
    def probe_now(self) -> None:
        if self.store.closed:
            self.stop()
            return
        if not self._probing.acquire(blocking=False):
            return  # one probe at a time
        threading.Thread(target=self._probe, name="kpo-team-probe", daemon=True).start()

    def _probe(self) -> None:
        try:
            try:
                with self.store.engine.connect() as conn:
                    conn.exec_driver_sql("SELECT 1")
                ok = True
            except Exception:  # noqa: BLE001 - any failure means "not reachable now"
                ok = False
        finally:
            self._probing.release()
        with contextlib.suppress(RuntimeError):
            self._probed.emit(ok)

    @Slot(bool)
    def _on_probed(self, ok: bool) -> None:
        if ok == (not self.down):
            return
        self.down = not ok
        self.timer.start(self.retry_ms if self.down else self.probe_ms)
        self.changed.emit(self.down)

    @Slot(bool)
    def _show(self, down: bool) -> None:
        self.banner.setVisible(down)
        window = self.parent()
        if not down and hasattr(window, "refresh"):
            with contextlib.suppress(Exception):  # the lists catch up with what others saved meanwhile
                window.refresh()

    def stop(self) -> None:
        self.timer.stop()
        from sqlalchemy import event

        with contextlib.suppress(Exception):
            event.remove(self.store.engine, "handle_error", self._listener)


def _install_banner(window: QMainWindow) -> QLabel:
    """A label above the window's content (hidden until the server is lost)."""
    from kpo_desk.ui.common.words import translate
    from kpo_desk.ui.theme import semantic_colour

    banner = QLabel(translate("Team", "The team server cannot be reached; changes are not saved. Reconnecting…"))
    banner.setObjectName("team_offline_banner")
    banner.setWordWrap(True)
    banner.setAccessibleName(translate("Team", "Connection to the team server"))
    colour = semantic_colour("bad")
    banner.setStyleSheet(f"QLabel#team_offline_banner {{ color: {colour.name()}; font-weight: bold; padding: 8px; "
                         f"background: rgba({colour.red()}, {colour.green()}, {colour.blue()}, 28); "
                         f"border-bottom: 1px solid {colour.name()}; }}")
    banner.hide()
    content = window.takeCentralWidget()
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(content, 1)
    window.setCentralWidget(holder)
    return banner
