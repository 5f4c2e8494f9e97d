"""Undo and redo over core services. Each command has already been applied when it is pushed;
undo and redo call services again, so every step is a transaction with its audit event."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from kpo_desk.core.errors import KpoDeskError
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.words import translate


class ServiceCommand(QUndoCommand):
    def __init__(self, text: str, record_type: str, undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
        super().__init__(text)
        self._undo, self._redo, self._record_type = undo, redo, record_type
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # the change was made before the command was pushed
            self._applied = False
            return
        self._run(self._redo, "Redo")

    def undo(self) -> None:
        self._run(self._undo, "Undo")

    def _run(self, step: Callable[[], Any], verb: str) -> None:
        try:
            step()
        except KpoDeskError as exc:
            self.setObsolete(True)
            bus().changed.emit(self._record_type)
            bus().message.emit((translate("ServiceCommand", "Undo of “{text}” was not possible: {error}") if verb == "Undo"
                                else translate("ServiceCommand", "Redo of “{text}” was not possible: {error}")).format(text=self.text(), error=exc))
            return
        bus().changed.emit(self._record_type)
        # Said after the views have reloaded, so that nothing they report hides what was undone.
        bus().message.emit((translate("ServiceCommand", "Undone: {text}") if verb == "Undo"
                            else translate("ServiceCommand", "Redone: {text}")).format(text=self.text()))


def push_edit(stack: QUndoStack, text: str, record_type: str, update: Callable[..., Any], record_id: int,
              old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    """``update(record_id, **values)`` was called with ``new``; undo puts ``old`` back."""
    changed = [k for k in new if old.get(k) != new.get(k)]
    if not changed:
        return
    before = {k: old.get(k) for k in changed}
    after = {k: new[k] for k in changed}
    stack.push(ServiceCommand(text, record_type, lambda: update(record_id, **before),
                              lambda: update(record_id, **after)))


def push_create(stack: QUndoStack, text: str, record_type: str, record_id: int,
                delete: Callable[[int], Mapping[str, Any]], restore: Callable[[Mapping[str, Any]], Any]) -> None:
    state: dict[str, Any] = {}

    def undo() -> None:
        state["values"] = delete(record_id)

    stack.push(ServiceCommand(text, record_type, undo, lambda: restore(state["values"])))


def push_delete(stack: QUndoStack, text: str, record_type: str, values: Mapping[str, Any],
                delete: Callable[[int], Any], restore: Callable[[Mapping[str, Any]], Any]) -> None:
    stack.push(ServiceCommand(text, record_type, lambda: restore(values), lambda: delete(values["id"])))
