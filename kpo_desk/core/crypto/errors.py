"""The refusals of encryption at rest, each one human sentence.

No message, ``repr`` or ``args`` here ever holds a passphrase, a recovery key or a data key: the
sentences are fixed text plus, at most, a file path.
"""

from __future__ import annotations

from kpo_desk.core.errors import StoreError, ValidationError


class KeyFileError(StoreError):
    """The key file beside an encrypted store cannot be used."""


class KeyFileMissingError(KeyFileError):
    """There is no key file where an encrypted store needs one."""


class KeyFileDamagedError(KeyFileError):
    """The key file is ours but cannot be read (truncated, edited, bad values)."""


class KeyFileForeignError(KeyFileError):
    """The file is not a KPO Desk key file at all."""


class KeyFileTooNewError(KeyFileError):
    """The key file was written by a newer version of KPO Desk."""


class KeyMismatchError(KeyFileError):
    """A data key was given for a key file (or a database) that it does not belong to."""


class WrongPassphraseError(ValidationError):
    """The passphrase does not open the key file."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="passphrase")


class RecoveryKeyTypoError(ValidationError):
    """The text is not a well-formed recovery key: a typing mistake, caught by its checksum."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="recovery_key")


class WrongRecoveryKeyError(ValidationError):
    """A well-formed recovery key, but not the one of this store."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="recovery_key")


class WrongDatabaseKeyError(StoreError):
    """The encrypted database does not open with the key (another store's key file, or damage)."""


class AttachmentDecryptError(StoreError):
    """An encrypted attachment file is damaged, altered or belongs to another store."""
