"""App-wide signals. Views listen for changes instead of calling each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataBus(QObject):
    #: A record of this type ("client", "engagement", ...) was created, changed or deleted.
    changed = Signal(str)
    #: Something to tell the user in the status bar.
    message = Signal(str)
    #: Open a record: (record type, id).
    open_record = Signal(str, int)


_BUS: DataBus | None = None


def bus() -> DataBus:
    global _BUS
    if _BUS is None:
        _BUS = DataBus()
    return _BUS
