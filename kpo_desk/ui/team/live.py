"""Other people's changes, shown as they happen (team mode): the core's ChangeListener
(kpo_desk/core/live.py) hears each committed change on the team server; this hands it over to
the GUI thread and announces it on the data bus exactly as a local save does
(``bus().changed.emit(record_type)``, kpo_desk/ui/common/bus.py), so the engagement list, the
dashboard and an open engagement's tabs reload through the path they already have.

The window's own saves are not announced twice: the listener skips changes made through the
window's store. After the server was away, every view is told (notifications sent meanwhile
were lost)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMainWindow

from kpo_desk.core.live import Change, ChangeListener
from kpo_desk.ui.common.bus import bus

#: A table whose views listen under another record type.
RECORD_TYPE = {"attachment": "checklistitem", "communicationcontact": "communication",
               "communicationstaff": "communication", "auditevent": None}
#: What "anything may have changed" announces: every record type a view listens for.
EVERYTHING = ("setting", "staff", "client", "contact", "engagement", "assignment", "milestone", "risk",
              "timeentry", "checklistitem", "communication", "reportpreset", "reportrecord")


def record_types(batch: tuple[Change, ...]) -> list[str]:
    """The record types to announce for ``batch``, each once, in a stable order."""
    out: list[str] = []
    for change in batch:
        kinds = EVERYTHING if change == Change.ANYTHING else (RECORD_TYPE.get(change.table, change.table),)
        out += [k for k in kinds if k and k not in out]
    return out


class LiveRefresh(QObject):
    """Owns the window's ChangeListener; ``heard`` crosses from its thread to the GUI thread."""

    heard = Signal(object)  # a tuple of Changes, emitted on the listener's thread
    #: Announced on the GUI thread, after the bus was told (record types, in order).
    applied = Signal(list)

    def __init__(self, store, parent: QObject | None = None) -> None:  # noqa: ANN001 - a Store
        super().__init__(parent)
        self.store = store
        self.heard.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        self.listener = ChangeListener(store, self.heard.emit, ignore_own=True)

    def start(self) -> LiveRefresh:
        self.listener.start()
        return self

    def stop(self) -> None:
        self.listener.stop()

    @Slot(object)
    def _apply(self, batch: tuple[Change, ...]) -> None:
        if self.store.closed:  # the window let its store go (restore, another store opened)
            self.stop()
            return
        kinds = record_types(batch)
        for kind in kinds:
            bus().changed.emit(kind)
        self.applied.emit(kinds)


def start_live_refresh(window: QMainWindow) -> LiveRefresh | None:
    """For a window on a server store, start hearing other people's changes (stopped when the
    window goes or the app quits); None for a file store."""
    store = window.store
    if store is None or not store.is_server:
        return None
    previous = getattr(window, "live_refresh", None)
    if previous is not None:
        previous.stop()
    live = LiveRefresh(store, window).start()
    listener = live.listener  # a plain object: still there when the QObjects are gone
    window.destroyed.connect(lambda *_: listener.stop())
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(listener.stop)
    return live
