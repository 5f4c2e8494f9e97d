"""The errors core raises. Each carries one human sentence, ready for a dialog or stderr."""

from __future__ import annotations


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
