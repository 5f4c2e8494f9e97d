"""The question a save meets when someone else changed the record since the form opened it
(core's ``ConflictError``): who changed it and when, then "Reload their version" (the form shows
what is stored now, and the person's edits go), "Overwrite with mine" (saved anyway; the history
records that it overwrote their change) or Cancel (the form stays as it is, nothing saved).

A record deleted meanwhile offers neither: there is nothing to reload or overwrite.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from kpo_desk.core.errors import ConflictError
from kpo_desk.ui.common.words import gui_clock, gui_date

RELOAD, OVERWRITE, CANCEL = "reload", "overwrite", "cancel"


class ConflictDialog(QMessageBox):
    """Asks what to do about a ``ConflictError``; ``choice`` is RELOAD, OVERWRITE or CANCEL once
    it has been answered. ``record`` is the record kind's name in the GUI's language."""

    def __init__(self, error: ConflictError, record: str = "", parent: QWidget | None = None, *,
                 now: datetime | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        self.error = error
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Changed by someone else"))
        self.setText(self.sentence(error, record or error.record_word, now=now))
        self.reload_button = self.overwrite_button = None
        if error.deleted:
            self.setInformativeText(self.tr("Your changes cannot be saved. Copy anything you need from the "
                                            "form, then close it."))
        else:
            self.setInformativeText(self.tr("Reload their version to see it (your changes in this form are "
                                            "dropped), or overwrite it with yours (the history records that "
                                            "you did)."))
            self.reload_button = self.addButton(self.tr("Reload their version"), QMessageBox.ButtonRole.ResetRole)
            self.overwrite_button = self.addButton(self.tr("Overwrite with mine"),
                                                   QMessageBox.ButtonRole.DestructiveRole)
            self.reload_button.setObjectName("conflict_reload")
            self.overwrite_button.setObjectName("conflict_overwrite")
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("conflict_cancel")
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)

    def sentence(self, error: ConflictError, record: str, *, now: datetime | None = None) -> str:
        """"Asha Rao changed this engagement at 14:32 after you opened it.", in the GUI's language."""
        who = error.actor or self.tr("Someone else")
        if error.at is None:
            text = (self.tr("{who} deleted this {record} after you opened it.") if error.deleted
                    else self.tr("{who} changed this {record} after you opened it."))
            return text.format(who=who, record=record)
        local = error.at.astimezone()
        if local.date() == (now or datetime.now(UTC)).astimezone().date():
            text = (self.tr("{who} deleted this {record} at {time:%H:%M} after you opened it.") if error.deleted
                    else self.tr("{who} changed this {record} at {time:%H:%M} after you opened it."))
            return text.format(who=who, record=record, time=gui_clock(local))
        text = (self.tr("{who} deleted this {record} on {date} at {time:%H:%M} after you opened it.")
                if error.deleted else
                self.tr("{who} changed this {record} on {date} at {time:%H:%M} after you opened it."))
        return text.format(who=who, record=record, date=gui_date(local.date()), time=gui_clock(local))

    def choice(self) -> str:
        clicked = self.clickedButton()
        if clicked is not None and clicked is self.reload_button:
            return RELOAD
        if clicked is not None and clicked is self.overwrite_button:
            return OVERWRITE
        return CANCEL


def ask_about_conflict(error: ConflictError, record: str = "", parent: QWidget | None = None) -> tuple[str, str]:
    """Show the question (modal); return the answer (RELOAD, OVERWRITE or CANCEL) and the
    sentence it showed (for the form to keep in sight after a Cancel)."""
    dialog = ConflictDialog(error, record, parent)
    dialog.exec()
    return dialog.choice(), dialog.text()
