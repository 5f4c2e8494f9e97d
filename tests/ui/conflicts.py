"""One way to meet the conflict dialog, for every edit form that sends row versions: open the
form through the window, type into one field, let another person save the same record meanwhile,
click the real Save button, and click one answer (reload, overwrite, cancel)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kpo_desk.ui.common.conflict import ConflictDialog
from tests.ui.helpers import when_modal


@dataclass(frozen=True)
class Edit:
    """What one conflict test does: the form and its field, my text, the other person's save,
    my second text after a reload, and how to read what is stored."""

    kind: type[QWidget]  # the form's dialog class
    field: str  # its input's name
    mine: str
    their_save: Callable[[], None]
    after_reload: str
    stored: Callable[[], str]
    #: Called with the question box and ``seen`` before answering (to note what was true then).
    on_question: Callable[[ConflictDialog, dict], None] = lambda box, seen: None


def save_meeting_a_conflict(qtbot, edit: Edit, open_form: Callable[[], object], answer: str) -> dict:  # noqa: ANN001
    """``open_form()`` opens the form (modal) and returns when it closes; ``seen`` says what the
    person saw: ``question``, ``buttons``, whether the form stayed ``open_after_answer``, the
    field's ``text_after_answer``, the ``shown_error``, and ``open_after_second_save`` (reload)
    or ``stored_while_open`` (cancel), and ``result``, what ``open_form`` returned."""
    seen: dict = {"conflict_errors": []}

    def on_conflict(box: ConflictDialog) -> None:
        seen["question"] = box.text()
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        edit.on_question(box, seen)
        button = {"reload": box.reload_button, "overwrite": box.overwrite_button, "cancel": box.cancel_button}[answer]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def on_dialog(dialog) -> None:  # noqa: ANN001 - a RecordDialog
        field = dialog.inputs[edit.field]
        field.selectAll()
        qtbot.keyClicks(field, edit.mine)
        edit.their_save()  # the other person saves while my form is open
        seen["conflict_errors"] = when_modal(on_conflict, kind=ConflictDialog)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["open_after_answer"], seen["text_after_answer"] = dialog.isVisible(), field.text()
        seen["shown_error"] = dialog.general_error.text() if dialog.general_error.isVisible() else ""
        if answer == "reload":  # I read their version, edit it, and save without a conflict
            field.selectAll()
            qtbot.keyClicks(field, edit.after_reload)
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            seen["open_after_second_save"] = dialog.isVisible()
        elif answer == "cancel":
            seen["stored_while_open"] = edit.stored()
            dialog.reject()

    errors = when_modal(on_dialog, kind=edit.kind)
    seen["result"] = open_form()
    assert errors == [] and seen["conflict_errors"] == []
    return seen
