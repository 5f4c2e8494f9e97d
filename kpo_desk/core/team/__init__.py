"""Team mode's identity and security, enforced by the PostgreSQL server itself: each person logs
in as their own login role, which ``team_login`` maps to a Staff; the group roles
``kpo_manager`` and ``kpo_analyst`` give table privileges; row-level security limits an analyst
to the engagements they lead or are assigned to; triggers hold four eyes by identity and keep
gate overrides for managers (kpo_desk/core/team/sql.py). A modified client or plain SQL meets
the same rules as the app.

``init_team`` prepares a database the Store has migrated (``Store.open(url)`` first);
``add_user`` creates (or updates) a login; ``list_users`` reads the mapping.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sqlalchemy import text

from kpo_desk.core.errors import StoreError, ValidationError
from kpo_desk.core.store import Store
from kpo_desk.core.team import sql

ROLES = ("manager", "analyst")
#: A login name: plain lower-case, so that it needs no quoting where people type it.
LOGIN_RE = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")
_RESERVED = ("kpo_manager", "kpo_analyst", "public", "postgres")


class TeamMember(NamedTuple):
    login: str
    staff: str
    role: str
    can_log_in: bool


def _require_server(store: Store) -> None:
    if not store.is_server:
        raise StoreError("team commands need a team server (--db postgresql://...)")


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError(f"'{role}' is not a team role; use manager or analyst.", field="role")
    return role


def check_login(login: str) -> str:
    if not LOGIN_RE.match(login or "") or login in _RESERVED or login.startswith("pg_"):
        raise ValidationError(f"'{login}' is not a usable login name; use lower-case letters, digits, "
                              "'_', '.' or '-', starting with a letter (at most 63).", field="login")
    return login


def _staff_id(session, name: str) -> int | None:  # noqa: ANN001 - a SQLModel Session
    """The id of the Staff called ``name`` (case and surrounding spaces aside), None if none."""
    from sqlmodel import func, select

    from kpo_desk.core.models import Staff

    name = (name or "").strip()
    if not name:
        raise ValidationError("Give the staff member's name with --staff.", field="staff")
    found = session.exec(select(Staff).where(func.lower(Staff.name) == name.lower())
                         .order_by(Staff.id)).first()
    if found is not None:
        return found.id
    return None


def _ensure_staff(store: Store, name: str) -> int:
    with store.read() as session:
        found = _staff_id(session, name)
    if found is not None:
        return found
    from kpo_desk.core.services.parties import create_staff

    return create_staff(store, name=name.strip()).id


def _run(conn, statements: list[str]) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    """Run each statement as it is (psycopg's own cursor, without parameters: the functions'
    bodies hold PL/pgSQL's own % placeholders), inside the unit of work's transaction."""
    with conn.connection.driver_connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def init_team(store: Store, *, staff: str) -> TeamMember:
    """Make ``store`` (on a server, migrated) a team database: group roles, the login mapping,
    grants, helper functions, row-level security and the four-eyes triggers; the connecting
    login becomes a manager mapped to Staff ``staff`` (created if missing). Runs again safely."""
    _require_server(store)
    staff_id = _ensure_staff(store, staff)
    with store.transaction() as session:
        conn = session.connection()
        login, schema, owner, is_super = conn.execute(text(
            "SELECT current_user, current_schema(), (SELECT tableowner FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'engagement'), "
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")).one()
        if owner is None:
            raise StoreError("This database has no KPO Desk tables yet; open it with KPO Desk once.")
        if owner != login and not is_super:
            raise StoreError(f"team init must be run by the login that owns the tables ({owner}), "
                             f"not {login}.")
        tables = [r[0] for r in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'team_login' ORDER BY tablename"))]
        _run(conn, sql.create_groups())
        _run(conn, [sql.MAPPING_TABLE])
        _run(conn, sql.functions(schema))
        _run(conn, sql.triggers())
        _run(conn, sql.grants(tables, owner, schema))
        _map(conn, login, staff_id, "manager")
    store.forget_actor()
    return _member(store, login)


def _map(conn, login: str, staff_id: int, role: str) -> None:  # noqa: ANN001
    """Map ``login`` to the Staff and put it in its group (and out of the other)."""
    group, other = sql.GROUPS[role], sql.GROUPS["analyst" if role == "manager" else "manager"]
    conn.exec_driver_sql(f"GRANT {group} TO {sql.quoted(login)}")
    is_member = conn.execute(text("SELECT pg_has_role(:login, :other, 'MEMBER') AND NOT "
                                  "(SELECT rolsuper FROM pg_roles WHERE rolname = :login)"),
                             {"login": login, "other": other}).scalar_one()
    if is_member and role == "analyst":  # an analyst keeps no manager's table privileges
        conn.exec_driver_sql(f"REVOKE {other} FROM {sql.quoted(login)}")
    conn.execute(text("INSERT INTO team_login (login, staff_id, role) VALUES (:login, :staff, :role) "
                      "ON CONFLICT (login) DO UPDATE SET staff_id = EXCLUDED.staff_id, role = EXCLUDED.role"),
                 {"login": login, "staff": staff_id, "role": role})


def _require_team(conn) -> None:  # noqa: ANN001
    if conn.execute(text("SELECT to_regclass('team_login')")).scalar_one() is None:
        raise StoreError("This database is not set up for a team yet; run kpo-desk team init first.")


def require_team(store: Store) -> None:
    """Refuse, with one sentence, a store that is not a team database (yet)."""
    _require_server(store)
    with store.connection() as conn:
        _require_team(conn)


def login_exists(store: Store, login: str) -> bool:
    _require_server(store)
    with store.connection() as conn:
        return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :l"), {"l": login}).first() is not None


def add_user(store: Store, login: str, *, staff: str, role: str, password: str | None) -> TeamMember:
    """Create login role ``login`` (with ``password``, stored as a SCRAM verifier made here, so
    that the password itself never reaches the server's logs), or update an existing one's
    password when one is given; grant its group; map it to Staff ``staff`` (created if missing)."""
    _require_server(store)
    check_login(login)
    _check_role(role)
    with store.connection() as conn:
        _require_team(conn)
    staff_id = _ensure_staff(store, staff)
    with store.transaction() as session:
        conn = session.connection()
        exists = conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :l"),
                              {"l": login}).first()
        if exists is None and not password:
            raise ValidationError(f"A new login needs a password; give one for {login}.", field="password")
        clause = ""
        if password:
            pgconn = conn.connection.driver_connection.pgconn
            verifier = pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
            clause = " PASSWORD '" + verifier.decode().replace("'", "''") + "'"
        if exists is None:
            conn.exec_driver_sql(f"CREATE ROLE {sql.quoted(login)} LOGIN{clause}")
        elif clause:
            conn.exec_driver_sql(f"ALTER ROLE {sql.quoted(login)} LOGIN{clause}")
        _map(conn, login, staff_id, role)
    return _member(store, login)


def list_users(store: Store) -> list[TeamMember]:
    _require_server(store)
    with store.connection() as conn:
        _require_team(conn)
        rows = conn.execute(text(
            "SELECT t.login, s.name, t.role, coalesce(r.rolcanlogin, false) FROM team_login t "
            "JOIN staff s ON s.id = t.staff_id LEFT JOIN pg_roles r ON r.rolname = t.login "
            "ORDER BY t.role DESC, t.login")).all()
    return [TeamMember(*row) for row in rows]


def _member(store: Store, login: str) -> TeamMember:
    return next(m for m in list_users(store) if m.login == login)
