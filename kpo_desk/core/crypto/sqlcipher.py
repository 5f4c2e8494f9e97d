"""Opening an SQLCipher 4 database with the store's raw 32-byte data key, and copying a database
between plain and encrypted form.

The module is ``sqlcipher3`` (the ``sqlcipher3-wheels`` package: SQLCipher 4 with FTS5). Its
errors are not ``sqlite3`` errors, so SQLAlchemy must be told which DB-API module it is using,
or it cannot wrap them::

    create_engine("sqlite://", poolclass=NullPool, module=DBAPI,
                  creator=lambda: connect(path, data_key))

A raw key skips SQLCipher's own PBKDF2 (the passphrase KDF happened in ``keys``), so opening
costs no more than opening a plain file. The key is checked on the first read: a wrong one is
refused with one sentence and nothing is written. ``temp_store=MEMORY`` keeps sorts and temporary
tables off the disk, where they would not be encrypted; a larger page cache (``CACHE_SIZE_KIB``)
keeps a kept connection from decrypting the same pages again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import closing, suppress
from pathlib import Path

import sqlcipher3

from kpo_desk.core.crypto.errors import WrongDatabaseKeyError
from kpo_desk.core.crypto.keys import KEY_BYTES
from kpo_desk.core.errors import StoreError

#: The DB-API module to give SQLAlchemy (``create_engine(..., module=DBAPI)``).
DBAPI = sqlcipher3
#: The errors of that module (``sqlite3.Error`` does not catch them).
Error = sqlcipher3.Error
SQLITE_MAGIC = b"SQLite format 3\x00"
#: The page cache of an encrypted connection, in KiB (``PRAGMA cache_size`` takes a negative
#: number as KiB). A page read from an encrypted file is decrypted and checked (HMAC) on every
#: cache miss, where a plain store only copies it from the OS cache; the store keeps its encrypted
#: connections (a QueuePool), so what stays in their cache is read for free. SQLCipher's default,
#: 8 MB (2,000 pages), is smaller than what one page of the engagement list by next milestone
#: reads on 20,000 engagements (engagements, clients, open milestones: ~3,300 pages, 13 MB), so
#: every such page was decrypted again (1.4-1.6x the plain store; 16 MB or more: 0.6-0.7x).
#: Memory is taken only as pages are read, at most this much per kept connection.
CACHE_SIZE_KIB = 32 * 1024


def _key_literal(data_key: bytes) -> str:
    if not isinstance(data_key, bytes | bytearray) or len(data_key) != KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    return f"x'{bytes(data_key).hex()}'"


def is_plain_sqlite(path: Path) -> bool:
    """Whether ``path`` starts with the plain SQLite header (an SQLCipher file starts with its
    random salt instead, so an encrypted store never does)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def connect(path: Path, data_key: bytes, *, read_only: bool = False, timeout: float = 5.0,
            check_same_thread: bool = False) -> sqlcipher3.Connection:
    """An open, keyed connection to the encrypted database at ``path`` (created when missing and
    not ``read_only``). Refuses a key that does not open the file (``WrongDatabaseKeyError``),
    having written nothing."""
    key = _key_literal(data_key)
    if read_only:
        con = sqlcipher3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=timeout,
                                 check_same_thread=check_same_thread)
    else:
        con = sqlcipher3.connect(str(path), timeout=timeout, check_same_thread=check_same_thread)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")  # before the key: no hmac noise on stderr
        con.execute(f'PRAGMA key = "{key}"')
        con.execute("PRAGMA temp_store = MEMORY")
        con.execute(f"PRAGMA cache_size = -{CACHE_SIZE_KIB}")
        con.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlcipher3.DatabaseError as exc:
        con.close()
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise WrongDatabaseKeyError(
                f"The store at {path} does not open with its key: the key file beside it belongs "
                "to another store, or the store is damaged or not encrypted. Nothing was changed."
            ) from None
        raise
    except BaseException:
        con.close()
        raise
    return con


def connector(path: Path, data_key: bytes, *, read_only: bool = False,
              timeout: float = 5.0) -> Callable[[], sqlcipher3.Connection]:
    """A ``creator`` for SQLAlchemy's ``create_engine``."""
    return lambda: connect(path, data_key, read_only=read_only, timeout=timeout)


def table_counts(con: sqlcipher3.Connection, schema: str = "main") -> dict[str, int]:
    """Rows per ordinary table (FTS5 shadow tables included, virtual tables themselves not)."""
    names = [r[0] for r in con.execute(
        f"SELECT name FROM {schema}.sqlite_schema WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND upper(sql) NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
    return {n: con.execute(f'SELECT count(*) FROM {schema}."{n.replace(chr(34), chr(34) * 2)}"')
            .fetchone()[0] for n in names}


def _header_values(con: sqlcipher3.Connection, schema: str = "main") -> tuple[int, int]:
    return (con.execute(f"PRAGMA {schema}.user_version").fetchone()[0],
            con.execute(f"PRAGMA {schema}.application_id").fetchone()[0])


def encrypt_copy(plain_path: Path, encrypted_path: Path, data_key: bytes) -> dict[str, int]:
    """Write an encrypted copy of the plain database at ``plain_path`` to ``encrypted_path``
    (which must not exist; created 0600), then check it: it opens with the key, passes the
    integrity check and has the same tables, row counts, user_version and application_id. A copy
    that fails is removed. Returns the row counts. The plain file is only read."""
    return _copy(plain_path, encrypted_path, source_key=None, target_key=_key_literal(data_key),
                 data_key=data_key)


def decrypt_copy(encrypted_path: Path, plain_path: Path, data_key: bytes) -> dict[str, int]:
    """The reverse of ``encrypt_copy``: an explicit plain copy (0600), checked the same way."""
    return _copy(encrypted_path, plain_path, source_key=data_key, target_key="", data_key=None)


def _copy(source: Path, target: Path, *, source_key: bytes | None, target_key: str,
          data_key: bytes | None) -> dict[str, int]:
    if not source.is_file():
        raise StoreError(f"There is no database at {source} to copy.")
    if source_key is None and not is_plain_sqlite(source):
        raise StoreError(f"{source} is not a plain SQLite database, so it cannot be encrypted.")
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise StoreError(f"{target} already exists; the copy was not written.") from None
    except OSError as exc:
        raise StoreError(f"{target} cannot be created ({exc.strerror or exc}).") from None
    os.close(fd)
    try:
        if source_key is None:
            src = sqlcipher3.connect(str(source))
            src.execute("PRAGMA temp_store = MEMORY")
        else:
            src = connect(source, source_key)
        with closing(src):
            src.isolation_level = None
            counts = table_counts(src)
            header = _header_values(src)
            src.execute("ATTACH DATABASE ? AS copy KEY ?", (str(target), target_key))
            src.execute("SELECT sqlcipher_export('copy')")
            src.execute(f"PRAGMA copy.user_version = {int(header[0])}")
            src.execute(f"PRAGMA copy.application_id = {int(header[1])}")
            src.execute("DETACH DATABASE copy")
        _check_copy(target, data_key, counts, header)
        with open(target, "rb+") as fh:
            os.fsync(fh.fileno())
    except BaseException as exc:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with suppress(OSError):
                Path(str(target) + suffix).unlink()
        if isinstance(exc, StoreError | KeyboardInterrupt | SystemExit):
            raise
        if isinstance(exc, sqlcipher3.Error | OSError):
            raise StoreError(f"The copy of {source} could not be written to {target} ({exc}); "
                             "nothing was kept.") from None
        raise
    return counts


def _check_copy(target: Path, data_key: bytes | None, counts: dict[str, int],
                header: tuple[int, int]) -> None:
    con = sqlcipher3.connect(str(target)) if data_key is None else connect(target, data_key)
    with closing(con):
        ok = con.execute("PRAGMA integrity_check").fetchall()
        copied, copied_header = table_counts(con), _header_values(con)
    if ok != [("ok",)] or copied != counts or copied_header != header:
        raise StoreError(f"The copy written to {target} did not match the original (integrity, "
                         "tables or row counts); it was removed and nothing else was changed.")
