"""The store: the one place that opens the database.

It decides where the file lives, refuses files that are not ours (before touching
them), applies the pragmas, runs the Alembic migrations and hands out sessions.
Engine-specific SQL (pragmas, integrity checks) lives here and nowhere else.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import NullPool
from sqlmodel import Session, select

from kpo_desk.core.errors import StoreError
from kpo_desk.core.models import Setting

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
    """``--db`` wins, then ``$KPO_DESK_DB``, then the per-user data folder."""
    if cli_path:
        return Path(cli_path).expanduser()
    env = os.environ.get("KPO_DESK_DB")
    if env:
        return Path(env).expanduser()
    return default_data_dir() / STORE_FILE_NAME


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


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
        raise StoreError(f"{path} is not a KPO Desk store (it is not an SQLite database).")
    if len(header) < 100:
        raise StoreError(f"{path} is damaged: the file is truncated.")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path} is an SQLite database, but not a KPO Desk store.")
    revision = _read_revision_readonly(path)
    if revision not in known_revisions():
        raise StoreError(
            f"{path} was written by a newer version of {APP_NAME} (schema {revision}); "
            "update the app to open it."
        )
    return "store"


def _read_revision_readonly(path: Path) -> str | None:
    uri = f"file:{path.resolve()}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is damaged or not a KPO Desk store ({exc}).") from None
    return row[0] if row else None


def _create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (0600)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(f"Cannot create the store at {path}: {exc.strerror or exc}.") from None
    os.close(fd)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def _install_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (SQLAlchemy's
        # documented recipe), so that DDL and SAVEPOINTs are transactional.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
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


class Store:
    """An open store. Use ``Store.open(path)``."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._writer = engine.execution_options(immediate=True)
        self._actor: str | None = None

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Store:
        """Open (creating and migrating as needed) the store at ``path``.

        Refuses, with a ``StoreError`` and without writing anything, a file that is
        not a store or comes from a newer version.
        """
        path = resolve_store_path(path)
        kind = inspect_file(path)
        if kind == "missing":
            if not create:
                raise StoreError(f"There is no store at {path}.")
            _create_private_file(path)
        engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
        _install_pragmas(engine)
        store = cls(path, engine)
        try:
            store._migrate()
        except StoreError:
            engine.dispose()
            raise
        except Exception as exc:
            engine.dispose()
            raise StoreError(f"Cannot open the store at {path}: {exc}.") from exc
        return store

    def _migrate(self) -> None:
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            if current is not None and current == head_revision():
                return
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.commit()

    @property
    def attachments_dir(self) -> Path:
        """The folder beside the store file where evidence and mail attachments are kept (0700)."""
        folder = self.path.with_name(self.path.stem + "-attachments")
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions ----------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back everything on any error."""
        with Session(self._writer, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (a deferred transaction that is never committed)."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    # -- who is working ------------------------------------------------------------------------
    @property
    def actor(self) -> str:
        """The name written into the audit trail: the firm setting ``user_name``, else the OS user."""
        if self._actor is None:
            with self.read() as s:
                setting = s.get(Setting, "user_name")
            self._actor = (setting.value if setting and setting.value else None) or _os_user()
        return self._actor

    def forget_actor(self) -> None:
        self._actor = None

    # -- checks ------------------------------------------------------------------------------
    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def integrity_problems(self, *, quick: bool = False) -> list[str]:
        """Run SQLite's integrity and foreign-key checks; an empty list means healthy."""
        pragma = "quick_check" if quick else "integrity_check"
        with self.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
            problems = [r for r in rows if r != "ok"]
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} points to a missing {parent}")
        return problems

    def table_counts(self) -> dict[str, int]:
        from sqlmodel import SQLModel

        with self.engine.connect() as conn:
            return {
                name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                for name in sorted(SQLModel.metadata.tables)
            }

    def get_setting(self, key: str, default: str = "") -> str:
        with self.read() as s:
            row = s.exec(select(Setting).where(Setting.key == key)).first()
        return row.value if row else default


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some sandboxes
        return "unknown user"
