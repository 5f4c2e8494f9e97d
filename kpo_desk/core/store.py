"""The store: the one place that opens the database.

It decides where the file lives, refuses files that are not ours (before touching
them), applies the pragmas, runs the Alembic migrations and hands out sessions.
Engine-specific SQL (pragmas, integrity checks) lives here and nowhere else.

**Encrypted stores.** A store with a key file beside it (``<store>.keys``,
kpo_desk/core/crypto/keys.py) is an SQLCipher 4 database opened with its random data key; the
passphrase given to ``Store.open`` unwraps that key. A new store created while a passphrase is
given is encrypted (the key file is written first, then the database). Its attachments are
AES-256-GCM files (kpo_desk/core/crypto/files.py) under keys kept inside the database, in the
``secret`` table. Everything above the Store is unchanged. Converting a plain store and back
lives in kpo_desk/core/crypto/convert.py; an interrupted conversion is finished or undone here,
before anything else, each time a store is opened.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, select

from kpo_desk.core.attachments import FolderAttachmentStore, attachments_folder
from kpo_desk.core.crypto import conversion_left, key_file_path
from kpo_desk.core.errors import StoreError, ValidationError

if TYPE_CHECKING:
    from kpo_desk.core.attachments_db import DatabaseAttachmentStore

APP_NAME = "KPO Desk"
#: Written into the SQLite header (PRAGMA application_id) so that our files are recognisable.
APPLICATION_ID = 0x4B504F44  # "KPOD"
SQLITE_MAGIC = b"SQLite format 3\x00"
STORE_FILE_NAME = "kpo-desk.sqlite3"
BUSY_TIMEOUT_MS = 5000
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("kpo-desk", appauthor=False))


def resolve_store_path(cli_path: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``$KPO_DESK_DB``, then the per-user data folder.

    A path is only ever a path: ``?``, ``%`` and ``#`` in it are characters of the file name,
    never URL syntax (only an explicit ``sqlite:///`` URL is read as one). A symbolic link is
    followed to the real file, so the store is created there (0600) and its attachments,
    lock and backups sit beside the real file, not beside the link."""
    given = cli_path or os.environ.get("KPO_DESK_DB")
    if not given:
        return Path(os.path.realpath(default_data_dir() / STORE_FILE_NAME))
    text = os.fspath(given)
    from kpo_desk.core.store_server import display_location, is_server_url

    if is_server_url(text):
        raise StoreError(f"{display_location(text)} is a team server, not a store file; this works on a "
                         "store file (--db PATH). Nothing was changed.")
    if isinstance(text, str) and text.startswith("sqlite:"):
        text = _path_of_sqlite_url(text)
    return Path(os.path.realpath(Path(text).expanduser()))


def read_only_uri(path: Path) -> str:
    """The SQLite URI that opens ``path`` read-only; ``as_uri`` percent-encodes ``?``, ``#`` and
    ``%`` in the name, so they stay part of it."""
    return path.resolve().as_uri() + "?mode=ro"


def _path_of_sqlite_url(url: str) -> str:
    """``sqlite:///relative.db`` and ``sqlite:////absolute.db`` name a file; nothing else does."""
    if not url.startswith("sqlite:///") or len(url) == len("sqlite:///"):
        raise StoreError(f"'{url}' is not a store location; give a file path, or a URL of the "
                         "form sqlite:///path/to/store.sqlite3.")
    from urllib.parse import unquote

    return unquote(url[len("sqlite:///"):].split("?", 1)[0])


#: The migrations under kpo_desk/core/migrations/versions, oldest first. Alembic is the truth and
#: a test holds this list to it; the list is here so that opening a store that is already at the
#: head never imports Alembic (about a fifth of a second at start-up).
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")


def _alembic_config():  # noqa: ANN202 - alembic.config.Config, imported only to migrate
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


#: What ``Store.open`` is given to unlock an encrypted store: the passphrase, or a function that
#: is asked for it (with the store's path) only when the store turns out to be encrypted and
#: returns None when there is none. A new store is encrypted when this yields a passphrase.
PassphraseSource = "str | Callable[[Path], str | None] | None"
#: The name of the attachment keys' row in the ``secret`` table (migration 0004).
ATTACHMENT_KEYS = "attachment_keys"


class PassphraseRequiredError(ValidationError):
    """An encrypted store was opened without a passphrase."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"The store at {path} is encrypted; its passphrase is needed to open it. "
                         "Nothing was changed.", field="passphrase")
        self.path = path


def is_encrypted_store(path: Path) -> bool:
    """Whether the store at ``path`` (resolved) is an encrypted one: it has a key file beside it."""
    keys = key_file_path(path)
    return keys.exists() or keys.is_symlink()


def _db_errors() -> tuple[type[BaseException], ...]:
    """The engine errors of both drivers (sqlcipher3's are not ``sqlite3.Error``). Without an
    encrypted store opened, sqlcipher3 is not loaded, and none of its errors can arise."""
    sqlcipher = sys.modules.get("kpo_desk.core.crypto.sqlcipher")
    return (sqlite3.Error,) if sqlcipher is None else (sqlite3.Error, sqlcipher.Error)


def known_revisions() -> set[str]:
    return set(REVISIONS)


def head_revision() -> str:
    return REVISIONS[-1]


def inspect_file(path: Path) -> str:
    """Say what ``path`` is without changing a byte of it.

    Returns ``"missing"``, ``"empty"`` or ``"store"``; raises ``StoreError`` for
    anything that must not be opened.
    """
    if not path.exists():
        return "missing"
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a KPO Desk store.")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if not header:
        return "empty"
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path} is not a KPO Desk store (it is not an SQLite database), unless it "
                         f"is an encrypted store whose key file {key_file_path(path).name} is missing "
                         "beside it; nothing was changed.")
    if len(header) < 100:
        raise StoreError(f"{path} is damaged: the file is truncated.")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path} is an SQLite database, but not a KPO Desk store.")
    if _shorter_than_its_header_says(path, header):
        raise StoreError(f"{path} is damaged: the file is truncated (restore a backup).")
    revision, problems = _read_revision_readonly(path)
    if revision not in known_revisions():
        raise StoreError(
            f"{path} was written by a newer version of {APP_NAME} (schema {revision}); "
            "update the app to open it."
        )
    if problems:
        raise ForeignSchemaError(path, problems)
    return "store"


class ForeignSchemaError(StoreError):
    """The file's schema is not exactly the one KPO Desk makes: something was added, changed or
    removed (a trigger planted in a backup, say). ``problems`` lists every difference."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        more = len(problems) - 1
        also = f" (and {more} more difference{'s' if more != 1 else ''}; kpo-desk check lists them)" if more else ""
        super().__init__(f"{path} is not a store as KPO Desk made it: it contains {problems[0]}{also}. "
                         "Nothing was opened or changed.")
        self.problems = problems


def _shorter_than_its_header_says(path: Path, header: bytes) -> bool:
    """True when the file is cut short: fewer bytes than its header's page count needs.

    The in-header size is trusted only when its "version-valid-for" number matches the
    change counter (sqlite.org file format, offsets 24, 28 and 92), and only when no
    ``-wal`` file holds pages not yet copied back (a checkpoint interrupted by a crash can
    leave the main file short, and the WAL completes it).
    """
    if header[24:28] != header[92:96]:
        return False
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    return path.stat().st_size < page_size * page_count


def inspect_encrypted_file(path: Path, data_key: bytes) -> str:
    """``inspect_file`` for an encrypted store, with its data key: ``"missing"``, ``"empty"`` (no
    table yet) or ``"store"``; refuses a file that the key does not open, that is not ours, that
    comes from a newer version or whose schema is not exactly ours. Changes nothing."""
    from kpo_desk.core.crypto import sqlcipher
    from kpo_desk.core.store_schema import schema_differences

    if not path.exists():
        return "missing"
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a KPO Desk store.")
    if path.stat().st_size == 0:
        return "empty"
    if sqlcipher.is_plain_sqlite(path):
        raise StoreError(f"{path} is a plain store, but a key file ({key_file_path(path).name}) lies "
                         "beside it; move the key file away to open the store. Nothing was changed.")
    try:
        con = sqlcipher.connect(path, data_key, read_only=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlcipher.Error as exc:
        raise unreadable_store(path, exc) from None
    try:
        tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if not tables:
            return "empty"
        if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise StoreError(f"{path} is an encrypted database, but not a KPO Desk store.")
        has_version = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' "
                                  "AND name='alembic_version'").fetchone()
        row = con.execute("SELECT version_num FROM alembic_version").fetchone() if has_version else None
        revision = row[0] if row else None
        if revision not in known_revisions():
            raise StoreError(f"{path} was written by a newer version of {APP_NAME} (schema "
                             f"{revision}); update the app to open it.")
        problems = schema_differences(con, revision)
    except sqlcipher.Error as exc:
        raise unreadable_store(path, exc) from None
    finally:
        con.close()
    if problems:
        raise ForeignSchemaError(path, problems)
    return "store"


#: Data keys of encrypted stores unlocked in this process, by (store id, key check), so that a
#: copy of an open store (a backup snapshot with its key file beside it) can be verified without
#: asking for the passphrase again. Only keys this process already holds are ever here.
_UNLOCKED: dict[tuple[str, bytes], bytes] = {}


def _remember_key(key_file, data_key: bytes) -> None:  # noqa: ANN001 - a crypto.keys.KeyFile
    _UNLOCKED[(key_file.store_id, key_file.key_check)] = data_key


def known_key_for(path: Path) -> bytes | None:
    """The data key of the encrypted file at ``path`` when its key file (beside it) belongs to a
    store unlocked in this process; None otherwise. Raises ``KeyFileError`` for a bad key file."""
    from kpo_desk.core.crypto.keys import read_key_file

    kf = read_key_file(key_file_path(path))
    return _UNLOCKED.get((kf.store_id, kf.key_check))


def verify_store_file(path: Path, *, data_key: bytes | None = None) -> str:
    """Check a store file that nobody else has open (a backup, a restore candidate) without
    changing it: that it is a store, from a version we can migrate, and that SQLite's full
    ``integrity_check`` passes. Returns its schema revision; raises ``StoreError``.

    An encrypted file is checked with ``data_key``, else with the key of its key file (beside it)
    when that store was unlocked in this process."""
    from kpo_desk.core.crypto import sqlcipher

    if data_key is None and is_encrypted_store(path):
        data_key = known_key_for(path)
        if data_key is None:
            raise StoreError(f"{path} is an encrypted store; its passphrase is needed to check it.")
    if data_key is not None:
        if inspect_encrypted_file(path, data_key) != "store":
            raise StoreError(f"{path} is empty, not a KPO Desk store.")
        con = sqlcipher.connect(path, data_key, read_only=True)
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlcipher.Error as exc:
            raise StoreError(f"{path} is damaged ({exc}); it cannot be used.") from None
        finally:
            con.close()
        if rows != ["ok"]:
            raise StoreError(f"{path} is damaged: SQLite's integrity check found {len(rows)} "
                             f"problem{'s' if len(rows) != 1 else ''} (first: {rows[0]}).")
        return revision[0]
    if inspect_file(path) != "store":
        raise StoreError(f"{path} is empty, not a KPO Desk store.")
    uri = read_only_uri(path)
    try:
        con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if "unable to open" in str(exc):
            raise unreadable_store(path, exc) from None
        raise StoreError(f"{path} is damaged ({exc}); it cannot be used.") from None
    if rows != ["ok"]:
        raise StoreError(f"{path} is damaged: SQLite's integrity check found {len(rows)} "
                         f"problem{'s' if len(rows) != 1 else ''} (first: {rows[0]}).")
    return revision[0]


def _read_revision_readonly(path: Path) -> tuple[str | None, list[str]]:
    """The file's schema revision, and how its schema differs from ours for that revision."""
    from kpo_desk.core.store_schema import schema_differences

    try:
        con = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
            problems = schema_differences(con, revision) if revision in known_revisions() else []
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise unreadable_store(path, exc) from None
    return revision, problems


def unreadable_store(path: Path, exc: BaseException) -> StoreError:
    """Why ``path`` could not be read, in one sentence: a store on a read-only disk (or in a
    folder this user cannot write to) is not "damaged": SQLite needs to write its -shm file beside
    a WAL store even to read it."""
    if "unable to open" in str(exc) and path.exists() and not os.access(path.parent, os.W_OK):
        return StoreError(f"{path} is on a read-only disk, or in a folder you cannot write to; KPO Desk "
                          "needs to write beside the store even to read it. Copy it to a writable "
                          "folder. Nothing was changed.")
    return StoreError(f"{path} is damaged or not a KPO Desk store ({exc}).")


def _create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (0600)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        if path.is_symlink():  # appeared between resolving and creating: refuse, do not follow
            raise StoreError(f"Cannot create the store at {path}: a link appeared there.") from None
        return
    except OSError as exc:
        raise StoreError(f"Cannot create the store at {path}: {exc.strerror or exc}.") from None
    os.close(fd)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def _install_pragmas(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (SQLAlchemy's
        # documented recipe), so that DDL and SAVEPOINTs are transactional.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        if read_only:
            # Belt and braces with the mode=ro URI: no statement may write.
            cur.execute("PRAGMA query_only=ON")
        else:
            cur.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit that returned survives a power cut, not only an app crash
            # (docs/durability.md explains the choice).
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        # Writers take the lock up front, so two writers queue on busy_timeout
        # instead of failing half-way with SQLITE_BUSY.
        if conn.get_execution_options().get("immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def human_store_error(exc: BaseException, path: Path) -> StoreError | None:
    """The one place that turns an engine failure into a sentence a user can act on.

    Returns ``None`` for errors that are not about the file (programming errors,
    constraint violations, which services report as ``ValidationError``).
    """
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(exc, IntegrityError) or not isinstance(orig, _db_errors()):
        return None
    name = (getattr(orig, "sqlite_errorname", "") or "").upper()
    said = str(orig).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in said:
        return StoreError("The disk is full: the last change was not saved, and everything saved "
                          f"before it is intact. Free some space on the disk holding {path.parent} "
                          "and try again.")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in said:
        return StoreError("The store is busy: another program is writing to it (database is "
                          "locked). The change was not saved; close the other KPO Desk window "
                          "and try again.")
    if name.startswith("SQLITE_READONLY") or "readonly database" in said:
        return StoreError("The store is open read-only, so the change was not saved.")
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in said:
        return StoreError(f"The store could not be read or written (disk I/O error) at {path}. "
                          "The change was not saved; check the disk, then restore a backup if "
                          "the problem stays.")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in said:
        return StoreError(f"The store at {path} is damaged ({orig}); restore a backup.")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in said:
        return StoreError(f"The store at {path} cannot be opened: the folder is missing or "
                          "not writable.")
    return None


#: ``progress(pages_done, pages_total)``; return ``False`` to cancel.
CopyProgress = Callable[[int, int], "bool | None"]


class CopyCancelled(StoreError):
    """The person cancelled a copy; nothing was kept."""


#: Called with the open store and its current revision before it is migrated.
UpgradeHook = Callable[["Store", "str | None"], object]


def _engine(connector: _Connector) -> Engine:
    """The engine over ``connector``: it keeps two connections between sessions (more are made
    while more sessions are open at once, and closed after). A fresh connection costs its pragmas
    and reading the schema again, about 1 ms before the first row: more than a small query
    itself. An encrypted store keeps a few more: each fresh SQLCipher connection decrypts again
    every page it reads, which made queries 1.5-3.6x slower than on the plain store; kept
    connections keep their decrypted page cache (0.6-0.9x). ``close()`` disposes of them, and
    the connector refuses new ones."""
    if connector.data_key is None:
        return create_engine("sqlite://", poolclass=QueuePool, pool_size=2, max_overflow=-1, creator=connector)
    from kpo_desk.core.crypto import sqlcipher

    return create_engine("sqlite://", poolclass=QueuePool, pool_size=2, max_overflow=8,
                         creator=connector, module=sqlcipher.DBAPI)


class _Connector:
    """Opens the store file for SQLAlchemy's pool: by name through the driver, never through a
    URL, so no character of the path can change which file it is or how it is opened (read-only
    goes through a percent-encoded ``file:`` URI). After ``close()`` it opens nothing: a late
    background read would otherwise reopen the path, perhaps while a restore is replacing it."""

    def __init__(self, path: Path, *, read_only: bool = False, data_key: bytes | None = None) -> None:
        self.path, self.read_only, self.closed = path, read_only, False
        self.data_key = data_key

    def __call__(self) -> sqlite3.Connection:
        if self.closed:
            raise StoreError(f"The store at {self.path} has been closed.")
        if self.data_key is not None:
            from kpo_desk.core.crypto import sqlcipher

            return sqlcipher.connect(self.path, self.data_key, read_only=self.read_only,
                                     timeout=BUSY_TIMEOUT_MS / 1000)
        if self.read_only:
            return sqlite3.connect(read_only_uri(self.path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
        return sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


class _ServerConnector:
    """The server store's stand-in for ``_Connector``: the pool connects; this keeps the state."""

    def __init__(self, where: str) -> None:
        self.path, self.where, self.read_only, self.closed, self.data_key = None, where, False, False, None


class Store:
    """An open store. Use ``Store.open(path)``."""

    def __init__(self, path: Path | None, engine: Engine, connector: _Connector | _ServerConnector, *,
                 read_only: bool = False, location: str | None = None) -> None:
        #: The store file; None for a store on a team server (see ``location``).
        self.path = path
        #: Where the store is, as it may be shown: the file's path, or the server's URL without
        #: its password.
        self.location = location or str(path)
        self.engine = engine
        self.read_only = read_only
        self._connector = connector
        self._writer = engine.execution_options(immediate=True)
        # A read is one snapshot on both engines: SQLite's deferred transaction is one; the
        # server's default (READ COMMITTED) takes a new snapshot per statement, so the dashboard's
        # figures could come from different moments. REPEATABLE READ costs no round trip
        # (psycopg puts it in the BEGIN it sends anyway) and a read never fails with it.
        self._reader = engine.execution_options(isolation_level="REPEATABLE READ") if path is None else engine
        self._actor: str | None = None
        self._attachment_keys = None
        #: The recovery key of a store this ``open`` created encrypted: shown once, then dropped.
        self.new_recovery_key: str | None = None
        #: This thread's open unit of work (a session and whether it writes), so that core
        #: functions called inside one join it instead of opening their own.
        self._unit = threading.local()

    @property
    def is_server(self) -> bool:
        """Whether this store lives on a PostgreSQL server (team mode), not in a file."""
        return self.path is None

    @property
    def encrypted(self) -> bool:
        return self._connector.data_key is not None

    @property
    def data_key(self) -> bytes | None:
        """The encrypted store's data key (for copies of it), None for a plain store."""
        return self._connector.data_key

    @property
    def closed(self) -> bool:
        return self._connector.closed

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, create: bool = True,
             read_only: bool = False, before_upgrade: UpgradeHook | None = None,
             passphrase: PassphraseSource = None, data_key: bytes | None = None,
             password: str | None = None) -> Store:
        """Open (creating and migrating as needed) the store at ``path``.

        ``path`` (else ``$KPO_DESK_DB``) may be a team server's URL, ``postgresql://login@host/db``
        (kpo_desk/core/store_server.py); ``password`` is then the login's password (else the
        URL's, else libpq's ``.pgpass``).

        Refuses, with a ``StoreError`` and without writing anything, a file that is
        not a store or comes from a newer version. ``read_only=True`` (for a second
        window while another holds the lock) never creates, migrates or writes.
        ``before_upgrade(store, from_revision)`` runs before a store that holds data is
        migrated (the app passes its verified backup: kpo_desk/core/desk.py); the store
        itself knows nothing of backups.

        ``passphrase`` (a string, or a function asked for it only when needed) unlocks an
        encrypted store; ``data_key`` is the already unwrapped key instead. A missing or wrong
        passphrase and a missing, damaged or foreign key file are refused with one sentence, and
        nothing is written. A new store is created encrypted when a passphrase is given.
        """
        from kpo_desk.core.store_server import is_server_url

        given = path if path is not None else os.environ.get("KPO_DESK_DB")
        if is_server_url(given):
            return cls._open_server(given, password=password, read_only=read_only)
        path = resolve_store_path(path)
        if conversion_left(path):  # a crash (or another process) is converting it
            from kpo_desk.core.crypto.convert import finish_interrupted_conversion

            finish_interrupted_conversion(path)
        if is_encrypted_store(path):
            return cls._open_encrypted(path, create=create, read_only=read_only,
                                       before_upgrade=before_upgrade, passphrase=passphrase,
                                       data_key=data_key)
        kind = inspect_file(path)
        if read_only:
            return cls._open_read_only(path, kind)
        if kind in ("missing", "empty") and (create or kind == "empty"):
            given = passphrase(path) if callable(passphrase) else passphrase
            if given:
                return cls._create_encrypted(path, given, before_upgrade=before_upgrade)
        if kind == "missing":
            if not create:
                raise StoreError(f"There is no store at {path}.")
            _create_private_file(path)
        return cls._finish_open(path, _Connector(path), before_upgrade)

    @classmethod
    def _open_server(cls, location: str, *, password: str | None, read_only: bool) -> Store:
        """A store on a PostgreSQL server: connect, then migrate to this version's schema (one
        client at a time, under an advisory lock). The server's own backups (pg_dump) stand in
        for the pre-upgrade backup a file store takes."""
        from kpo_desk.core.store_server import (
            create_server_engine,
            display_location,
            human_server_error,
            server_url,
        )

        url = server_url(location, password)
        where = display_location(url)
        engine = create_server_engine(url)
        store = cls(None, engine, _ServerConnector(where), read_only=read_only, location=where)
        try:
            if read_only:
                if store.schema_revision() != head_revision():
                    raise StoreError(f"The database at {where} is not at this version's schema; open it "
                                     "normally once.")
            else:
                store._migrate(None)
        except StoreError:
            engine.dispose()
            raise
        except Exception as exc:
            engine.dispose()
            raise human_server_error(exc, where) or StoreError(
                f"Cannot open the database at {where}: {exc}.") from exc
        return store

    @classmethod
    def _finish_open(cls, path: Path, connector: _Connector, before_upgrade: UpgradeHook | None,
                     *, new_keys: bool = False) -> Store:
        engine = _engine(connector)
        _install_pragmas(engine)
        store = cls(path, engine, connector)
        try:
            store._migrate(before_upgrade)
            if connector.data_key is not None:
                store._ensure_attachment_keys()
        except StoreError:
            engine.dispose()
            raise
        except Exception as exc:
            engine.dispose()
            raise human_store_error(exc, path) or StoreError(
                f"Cannot open the store at {path}: {exc}.") from exc
        return store

    @classmethod
    def _create_encrypted(cls, path: Path, passphrase: str, *,
                          before_upgrade: UpgradeHook | None) -> Store:
        """A new encrypted store: the key file first, then the database (0600), so that a crash
        in between leaves a key file without a store, which the next creation reuses."""
        from kpo_desk.core.crypto import keys

        kf, recovery, data_key = keys.new_key_file(passphrase, kdf=keys.DEFAULT_SCRYPT)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        keys.write_key_file(key_file_path(path), kf)
        _create_private_file(path)
        _remember_key(kf, data_key)
        store = cls._finish_open(path, _Connector(path, data_key=data_key), before_upgrade)
        store.new_recovery_key = recovery
        return store

    @classmethod
    def _open_encrypted(cls, path: Path, *, create: bool, read_only: bool,
                        before_upgrade: UpgradeHook | None, passphrase: PassphraseSource,
                        data_key: bytes | None) -> Store:
        from kpo_desk.core.crypto import keys

        kf = keys.read_key_file(key_file_path(path))  # missing, damaged, foreign, too new
        if data_key is None:
            given = passphrase(path) if callable(passphrase) else passphrase
            if not given:
                raise PassphraseRequiredError(path)
            data_key = keys.unlock(kf, given)
        else:
            data_key = keys._checked(kf, data_key)
        kind = inspect_encrypted_file(path, data_key)
        _remember_key(kf, data_key)
        if read_only:
            if kind != "store":
                raise StoreError(f"There is no store at {path} to open read-only.")
            return cls._open_read_only(path, kind, data_key=data_key)
        if kind == "missing":
            if not create:
                raise StoreError(f"There is no store at {path}; only its key file "
                                 f"{key_file_path(path).name} is there.")
            _create_private_file(path)
        return cls._finish_open(path, _Connector(path, data_key=data_key), before_upgrade)

    def _ensure_attachment_keys(self) -> None:
        """An encrypted store's attachment keys: read from the ``secret`` table, made once."""
        from kpo_desk.core.crypto.files import AttachmentKeys

        with self.engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT value FROM secret WHERE name = ?",
                                       (ATTACHMENT_KEYS,)).first()
            if row is None and not self.read_only:
                blob = AttachmentKeys.generate().to_bytes()
                conn.exec_driver_sql("INSERT INTO secret (name, value) VALUES (?, ?)",
                                     (ATTACHMENT_KEYS, bytes(blob)))
                conn.commit()
                row = (blob,)
        if row is None:
            raise StoreError(f"The store at {self.path} has no attachment keys; open it for "
                             "writing once.")
        self._attachment_keys = AttachmentKeys.from_bytes(bytes(row[0]))

    @classmethod
    def _open_read_only(cls, path: Path, kind: str, *, data_key: bytes | None = None) -> Store:
        if kind != "store":
            raise StoreError(f"There is no store at {path} to open read-only.")
        connector = _Connector(path, read_only=True, data_key=data_key)
        engine = _engine(connector)
        _install_pragmas(engine, read_only=True)
        store = cls(path, engine, connector, read_only=True)
        try:
            revision = store.schema_revision()
        except Exception as exc:
            engine.dispose()
            raise human_store_error(exc, path) or StoreError(
                f"Cannot open the store at {path} read-only: {exc}.") from exc
        if revision != head_revision():
            engine.dispose()
            raise StoreError(f"{path} needs upgrading to this version of {APP_NAME} before it "
                             "can be opened read-only; open it normally once.")
        if data_key is not None:
            try:
                store._ensure_attachment_keys()
            except BaseException:
                engine.dispose()
                raise
        return store

    def _migrate(self, before_upgrade: UpgradeHook | None) -> None:
        with self.engine.connect() as conn:
            current = _current_revision(conn)
            if current is not None and current == head_revision():
                return
            holds_data = current is not None and _holds_data(conn)
        if holds_data and before_upgrade is not None:
            before_upgrade(self, current)
        from alembic import command

        with self.engine.connect() as conn:
            if self.is_server:  # two clients starting at once: one migrates, the other waits
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4247504644)")  # "KPOD"
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            if not self.is_server:
                conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.commit()
            if not self.is_server:
                # Into the file itself, not only its WAL: the pool keeps this connection open, and
                # another program (the CLI, a second window) reads the header (application id,
                # page count) from the file before it opens it as a store.
                conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def attachments_dir(self) -> Path:
        """The folder beside the store file where evidence and mail attachments are kept (0700)."""
        return self.attachments.folder

    @property
    def attachments(self) -> FolderAttachmentStore | DatabaseAttachmentStore:
        """Where this store's attachment bytes live (the one ``AttachmentStore``): encrypted files
        under keyed-hash names for an encrypted store; rows of ``attachment_blob`` in the database
        for a store on a team server (kpo_desk/core/attachments_db.py)."""
        if self.is_server:
            from kpo_desk.core.attachments_db import DatabaseAttachmentStore

            return DatabaseAttachmentStore(self)
        if self._attachment_keys is not None:
            from kpo_desk.core.crypto.files import EncryptedFolderAttachmentStore

            return EncryptedFolderAttachmentStore(attachments_folder(self.path), self._attachment_keys,
                                                  read_only=self.read_only)
        return FolderAttachmentStore(attachments_folder(self.path), read_only=self.read_only)

    def close(self) -> None:
        self._connector.closed = True
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions ----------------------------------------------------------------------------
    # The Store is the façade that owns the transaction, as Anki's Collection does: a core
    # function asks it for a unit of work with ``transaction()`` or ``read()``, and if the caller
    # already holds one on this thread, the function joins it. So a GUI action or a command that
    # calls several core functions inside one ``store.transaction()`` commits (or rolls back)
    # them together, and a view that reads several figures inside one ``store.read()`` gets them
    # all from one snapshot. Core functions never commit on their own behalf.
    def _current(self) -> tuple[Session | None, bool]:
        return getattr(self._unit, "session", None), getattr(self._unit, "writing", False)

    @contextmanager
    def _as_current(self, session: Session, writing: bool) -> Iterator[None]:
        before = self._current()
        self._unit.session, self._unit.writing = session, writing
        try:
            yield
        finally:
            self._unit.session, self._unit.writing = before

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back everything on any error.

        Inside a transaction already open on this thread, it joins that one through a SAVEPOINT:
        an error undoes the inner part only and propagates; the outer unit commits or rolls back
        the whole. A full disk, an I/O error or a lock held elsewhere becomes a ``StoreError``
        with a sentence for the user; the rollback guarantees the store keeps its previous data.
        """
        if self.read_only:
            raise StoreError("The store is open read-only, so the change was not saved.")
        current, writing = self._current()
        if current is not None and writing:
            with current.begin_nested():
                yield current
            return
        with Session(self._writer, expire_on_commit=False) as session, self._as_current(session, True):
            try:
                yield session
                session.commit()
            except BaseException as exc:
                # If the connection itself is gone (disk I/O), SQLite rolls back on reopen.
                with suppress(DBAPIError):
                    session.rollback()
                translated = self._human_error(exc)
                if translated is not None:
                    raise translated from exc
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (a deferred transaction that is never committed): one snapshot
        for everything read inside it. Inside a unit of work already open on this thread, it is
        that unit's session (a read inside a transaction sees the transaction's own writes)."""
        current, _writing = self._current()
        if current is not None:
            yield current
            return
        with Session(self._reader, expire_on_commit=False) as session, self._as_current(session, False):
            try:
                yield session
            except DBAPIError as exc:
                translated = self._human_error(exc)
                if translated is not None:
                    raise translated from exc
                raise

    def _human_error(self, exc: BaseException) -> StoreError | None:
        if self.is_server:
            from kpo_desk.core.store_server import human_server_error

            return human_server_error(exc, self.location)
        return human_store_error(exc, self.path)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A SQLAlchemy Core connection for the few hot reads written as plain SQL: the
        connection of the caller's unit of work when one is open on this thread, else of a read
        of its own (one snapshot either way)."""
        with self.read() as session:
            yield session.connection()

    # -- copies --------------------------------------------------------------------------------
    def copy_to(self, target: Path, *, progress: CopyProgress | None = None,
                pages_per_step: int = 1024) -> None:
        """Copy the live store to ``target`` with SQLite's online backup API.

        A plain file copy of a live WAL database can be corrupt (sqlite.org, "How To
        Corrupt"); the backup API gives a consistent snapshot even while others write.
        ``target`` must not exist; it is created 0600 and fsynced. The copy of an encrypted
        store is encrypted with the same key, and a copy of its key file is written beside it
        (``<target>.keys``), so the copy is a whole store that the same passphrase opens.
        """
        _create_private_file(target)
        if self.data_key is not None:
            from kpo_desk.core.crypto import keys

            try:
                keys.write_key_file(keys.key_file_path(target),
                                    keys.read_key_file(keys.key_file_path(self.path)))
            except BaseException:
                target.unlink(missing_ok=True)
                raise
        raw = self.engine.raw_connection()
        try:
            source = raw.driver_connection
            if self.data_key is not None:
                # The backup API copies pages as they are: the target is keyed with the same
                # key, so it is as encrypted as the store.
                from kpo_desk.core.crypto import sqlcipher

                dest = sqlcipher.connect(target, self.data_key)
            else:
                dest = sqlite3.connect(target)
            try:
                def step(_status: int, remaining: int, total: int) -> None:
                    if progress is not None and progress(total - remaining, total) is False:
                        raise CopyCancelled("The copy was cancelled; nothing was kept.")

                source.backup(dest, pages=pages_per_step, progress=step)
            finally:
                dest.close()
        except BaseException as exc:
            target.unlink(missing_ok=True)
            if self.data_key is not None:
                key_file_path(target).unlink(missing_ok=True)
            if isinstance(exc, StoreError):
                raise
            translated = human_store_error(exc, target)
            if translated is not None:
                raise translated from exc
            raise
        finally:
            raw.close()
        with target.open("rb") as fh:
            os.fsync(fh.fileno())

    # -- who is working ------------------------------------------------------------------------
    @property
    def actor(self) -> str:
        """The name written into the audit trail: the firm setting ``user_name``, else the OS user.
        On a team server it is the login's identity: the Staff its login maps to (team_login,
        kpo_desk/core/team), else the login name; the server's own trigger writes the same."""
        if self._actor is None:
            if self.is_server:
                self._staff_id, name = self._login_identity()
                self._actor = name
            else:
                from kpo_desk.core.models import Setting

                with self.read() as s:
                    setting = s.get(Setting, "user_name")
                self._actor = (setting.value if setting and setting.value else None) or _os_user()
        return self._actor

    @property
    def staff_id(self) -> int | None:
        """The Staff the logged-in login maps to on a team server (the default doer and verifier);
        None for a file store or a login that maps to no one."""
        if not self.is_server:
            return None
        if self._actor is None:
            self.actor  # noqa: B018 - reads the identity once, with the actor
        return getattr(self, "_staff_id", None)

    def _login_identity(self) -> tuple[int | None, str]:
        with self.connection() as conn:
            login = conn.exec_driver_sql("SELECT current_user").scalar_one()
            if conn.exec_driver_sql("SELECT to_regclass('team_login')").scalar_one() is None:
                return None, login
            row = conn.execute(text("SELECT s.id, s.name FROM team_login t JOIN staff s ON s.id = "
                                    "t.staff_id WHERE t.login = current_user")).first()
        return (row[0], row[1]) if row else (None, login)

    def forget_actor(self) -> None:
        self._actor = None
        self._staff_id = None

    # -- checks ------------------------------------------------------------------------------
    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return _current_revision(conn)

    def integrity_problems(self, *, quick: bool = False) -> list[str]:
        """Run SQLite's integrity and foreign-key checks; an empty list means healthy. On a team
        server, the server itself enforces keys and checksums: the check is that it answers."""
        if self.is_server:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1").scalar_one()
            return []
        pragma = "quick_check" if quick else "integrity_check"
        with self.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
            problems = [r for r in rows if r != "ok"]
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} points to a missing {parent}")
            if not quick and not problems and conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checklist_tally'").first():
                problems += _tally_problems(conn)
        return problems

    def table_counts(self) -> dict[str, int]:
        from sqlmodel import SQLModel

        import kpo_desk.core.models  # noqa: F401  (registers every table)

        with self.engine.connect() as conn:
            return {
                name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                for name in sorted(SQLModel.metadata.tables)
            }

    def holds_records(self) -> bool:
        """Whether any of the app's own tables has a row (the search index's shadow tables and
        the schema version do not count): a store that holds nothing needs no backup."""
        from sqlmodel import SQLModel

        import kpo_desk.core.models  # noqa: F401  (registers every table)

        with self.engine.connect() as conn:
            return any(conn.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first()
                       for name in SQLModel.metadata.tables)

    def get_setting(self, key: str, default: str = "") -> str:
        from kpo_desk.core.models import Setting

        with self.read() as s:
            row = s.exec(select(Setting).where(Setting.key == key)).first()
        return row.value if row else default


#: The checklist tally (migration 0009) against a count of the items it tallies: the rows either
#: side has and the other does not (the same when the triggers kept it exact).
_TALLY_DRIFT = (
    "SELECT count(DISTINCT engagement_id) FROM ("
    "SELECT engagement_id, required, state, signed, items FROM checklist_tally EXCEPT "
    "SELECT engagement_id, required, state, verified_by_id IS NOT NULL, count(*) FROM checklistitem GROUP BY 1, 2, 3, 4 "
    "UNION ALL "
    "SELECT engagement_id, required, state, verified_by_id IS NOT NULL, count(*) FROM checklistitem GROUP BY 1, 2, 3, 4 "
    "EXCEPT SELECT engagement_id, required, state, signed, items FROM checklist_tally)")


def _tally_problems(conn) -> list[str]:  # noqa: ANN001 - a SQLAlchemy Connection
    drift = conn.exec_driver_sql(_TALLY_DRIFT).scalar_one()
    return [f"the checklist tally disagrees with the checklist items of {drift} engagement"
            f"{'s' if drift != 1 else ''}"] if drift else []


def _current_revision(conn) -> str | None:  # noqa: ANN001 - a SQLAlchemy Connection
    """The store's Alembic revision (None for a new file), read as Alembic reads it."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


def _holds_data(conn) -> bool:  # noqa: ANN001 - a SQLAlchemy Connection
    from sqlalchemy import inspect

    tables = [t for t in inspect(conn).get_table_names()
              if not t.startswith("sqlite_") and t != "alembic_version"]
    return any(conn.exec_driver_sql(f'SELECT 1 FROM "{t}" LIMIT 1').first() for t in tables)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some sandboxes
        return "unknown user"
