"""The store on a PostgreSQL server (team mode): where a location is a server URL, how the engine
is made, and how the server's failures read. Part of the store: ``kpo_desk.core.store`` uses
it, and nothing above the store knows which engine is underneath.

A location is a server when it starts with ``postgresql://`` (or ``postgres://``), in libpq's
URL form: ``postgresql://login@host:5432/database?sslmode=verify-full``. The password comes
from the caller (a prompt), from the URL, or from libpq's own ``.pgpass`` (psycopg reads it).
"""

from __future__ import annotations

import select
import time

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError

from kpo_desk.core.errors import StoreError

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
#: Seconds to wait for the server before saying it cannot be reached.
CONNECT_TIMEOUT_S = 10


def is_server_url(location: object) -> bool:
    return isinstance(location, str) and location.strip().lower().startswith(SCHEMES)


def server_url(location: str, password: str | None = None) -> URL:
    """The SQLAlchemy URL (psycopg 3 driver) of a libpq-style ``location``; a ``password``
    given here wins over one in the URL. Raises ``StoreError`` for a URL that names no database."""
    text = location.strip()
    for scheme in SCHEMES:
        if text.lower().startswith(scheme):
            text = "postgresql+psycopg://" + text[len(scheme):]
            break
    try:
        url = make_url(text)
    except Exception:  # noqa: BLE001 - any parse failure is the same mistake for the user
        raise StoreError(f"'{display_location(location)}' is not a server address; write it as "
                         "postgresql://login@host:5432/database.") from None
    if not url.database:
        raise StoreError(f"'{display_location(location)}' names no database; write it as "
                         "postgresql://login@host:5432/database.")
    if password is not None:
        url = url.set(password=password)
    return url


def display_location(location: str | URL) -> str:
    """The location as it may be shown or logged: never with its password."""
    try:
        url = location if isinstance(location, URL) else make_url(
            location.replace("postgresql+psycopg://", "postgresql://", 1))
    except Exception:  # noqa: BLE001
        return "the team server"
    host = url.query.get("host") or url.host or "localhost"
    if isinstance(host, tuple):
        host = host[0]
    port = url.query.get("port") or url.port
    if isinstance(port, tuple):
        port = port[0]
    who = f"{url.username}@" if url.username else ""
    return f"postgresql://{who}{host}{':' + str(port) if port else ''}/{url.database}"


#: A pooled connection idle longer than this is pinged (one round trip) before use; one used
#: more recently is checked without asking the server (``_check_on_checkout``).
PING_AFTER_IDLE_S = 5.0


def create_server_engine(url: URL) -> Engine:
    """A small pool of connections that checks each one before use, so that a server restart
    costs one failed check, not a failed save (``_check_on_checkout``)."""
    engine = create_engine(url, pool_size=3, max_overflow=7, pool_recycle=1800,
                           connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                                         "application_name": "KPO Desk"})
    event.listen(engine, "checkin", _note_checkin)

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, record, _proxy) -> None:  # noqa: ANN001 - the pool event's arguments
        _check_on_checkout(engine.dialect, dbapi_connection, record)

    return engine


def _note_checkin(dbapi_connection, record) -> None:  # noqa: ANN001 - the pool event's arguments
    record.info["checked_in"] = time.monotonic()


def _check_on_checkout(dialect, dbapi_connection, record) -> None:  # noqa: ANN001
    """SQLAlchemy's ``pool_pre_ping``, without its round trip on a connection in use a moment ago.

    A connection the server closed (a restart, an administrator's terminate) has something to
    read while it sits idle in the pool: the server's goodbye, or the end of the stream. One that
    is readable, or idle longer than ``PING_AFTER_IDLE_S``, gets a ``SELECT 1``; a failed one is
    dropped and the pool connects again (``DisconnectionError``, SQLAlchemy's pessimistic
    disconnect handling). The rest, most checkouts in a burst of reads, cost no round trip: the
    ping was a third of a small read's time (bench_server_queries).
    """
    if dbapi_connection.closed or dbapi_connection.broken:
        raise DisconnectionError("the connection was closed")
    checked_in = record.info.get("checked_in")
    if checked_in is None:
        return  # connected for this checkout
    idle = time.monotonic() - checked_in
    if idle <= PING_AFTER_IDLE_S:
        try:
            readable, _w, _x = select.select([dbapi_connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            raise DisconnectionError("the connection's socket is gone") from None
        if not readable:
            return
    try:
        dialect.do_ping(dbapi_connection)  # SQLAlchemy's own ping (outside a transaction)
    except Exception as exc:  # noqa: BLE001 - any failure of the ping means: connect again
        raise DisconnectionError(f"the server did not answer: {exc}") from exc


def human_server_error(exc: BaseException, where: str) -> StoreError | None:
    """A server failure in one sentence; None for errors that are not about the server
    (programming errors, constraint violations, which services report themselves)."""
    import psycopg
    from psycopg import errors as pg

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(exc, IntegrityError) or not isinstance(orig, psycopg.Error):
        return None
    said = (str(orig).strip().splitlines() or [""])[0]
    if isinstance(orig, pg.InsufficientPrivilege):
        return StoreError(f"The team server refused this: {said}. Nothing was changed.")
    if isinstance(orig, pg.RaiseException):
        return StoreError(f"{said} Nothing was changed.")
    if isinstance(orig, psycopg.OperationalError):
        if "password authentication failed" in said or "no password supplied" in said:
            return StoreError(f"The team server at {where} did not accept the login: check the login "
                              "name and password.")
        if "does not exist" in said and "database" in said:
            return StoreError(f"The team server at {where} has no such database ({said}).")
        return StoreError(f"The team server at {where} cannot be reached ({said}). The change was not "
                          "saved; KPO Desk tries again on the next action.")
    return None


def reset_sequences(conn, tables) -> None:  # noqa: ANN001 - a SQLAlchemy Connection, Tables
    """After rows were copied in with their ids (``kpo-desk move-to``), set each table's id
    sequence to the largest id, so the next row the app makes gets the next one."""
    from sqlalchemy import text

    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement or keys[0].type.python_type is not int:
            continue
        key = keys[0].name
        conn.execute(text(f'SELECT setval(pg_get_serial_sequence(:table, :key), max("{key}")) '
                          f'FROM "{table.name}" HAVING max("{key}") IS NOT NULL'),
                     {"table": table.name, "key": key})


def secondary_indexes(conn, table_names) -> list[tuple[str, str]]:  # noqa: ANN001 - a Connection
    """(name, CREATE statement) of the indexes of ``table_names`` that no constraint owns: the
    ones a bulk load into empty tables may drop and build again afterwards (one build of a GIN
    index over all rows is many times faster than inserting the rows into it one by one)."""
    from sqlalchemy import text

    return [(name, ddl) for name, ddl in conn.execute(text(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE n.nspname = current_schema() AND t.relname = ANY(:names) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
        "ORDER BY 1"), {"names": list(table_names)})]


def drop_indexes(conn, indexes: list[tuple[str, str]]) -> None:  # noqa: ANN001 - a Connection
    from sqlalchemy import text

    for name, _ddl in indexes:
        conn.execute(text(f"DROP INDEX {name}"))


def create_indexes(conn, indexes: list[tuple[str, str]]) -> None:  # noqa: ANN001 - a Connection
    from sqlalchemy import text

    conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for _name, ddl in indexes:
        conn.execute(text(ddl))
