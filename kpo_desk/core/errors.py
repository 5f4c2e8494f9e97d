"""The errors core raises. Each carries one human sentence, ready for a dialog or stderr."""

from __future__ import annotations

from datetime import datetime


class KpoDeskError(Exception):
    """Base of every error the user may see. ``str(err)`` is one readable sentence."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(KpoDeskError):
    """Input that the domain refuses. ``field`` names the input at fault, when there is one."""


class StoreError(KpoDeskError):
    """The store file cannot be used: not a store, damaged, too new, locked, unwritable."""


class ConflictError(KpoDeskError):
    """A save or delete of a record that someone else changed (or deleted) since it was opened.

    The sentence says who and when ("Asha Rao changed this engagement at 14:32 after you opened
    it."); the fields let a dialog say it in its own words and offer to reload or overwrite.
    ``actor`` and ``at`` are None when the audit trail does not say (a change made outside the app).
    """

    def __init__(self, message: str, *, record_type: str, record_id: int | None, record_word: str,
                 actor: str | None, at: datetime | None, current_version: int | None,
                 deleted: bool = False) -> None:
        super().__init__(message)
        self.record_type = record_type
        self.record_id = record_id
        self.record_word = record_word
        self.actor = actor
        self.at = at
        self.current_version = current_version
        self.deleted = deleted
