"""Mail in: .eml, .mbox and .msg files logged on an engagement (see importer.py)."""

from kpo_desk.core.mail.importer import (
    DuplicateMessage,
    FailedImport,
    FileOutcome,
    ImportedMessage,
    ImportResult,
    import_mail,
    own_domains,
)
from kpo_desk.core.mail.parse import MAX_FILE_BYTES, SUFFIXES

__all__ = ["MAX_FILE_BYTES", "SUFFIXES", "DuplicateMessage", "FailedImport", "FileOutcome", "ImportResult",
           "ImportedMessage", "import_mail", "own_domains"]
