"""The Clients and Staff lists: light rows with their engagement counts, filtered in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, or_, select

from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.models import Assignment, Client, Contact, Engagement, Staff
from kpo_desk.core.rawsql import fetch_all, literals
from kpo_desk.core.store import Store

ACTIVE = EngagementStatus.ACTIVE.value


@dataclass(frozen=True, slots=True)
class ClientRow:
    id: int
    name: str
    country: str
    timezone: str
    language: str
    engagements: int
    active: int
    archived: bool


@dataclass(frozen=True, slots=True)
class StaffRow:
    id: int
    name: str
    role: str
    email: str
    active: bool
    assignments: int
    key_roles: int


def count_clients(store: Store) -> int:
    with store.read() as s:
        return s.execute(select(func.count()).select_from(Client)).scalar_one()


#: The Clients list, as plain SQL written once for SQLite (rawsql gives it to PostgreSQL: the
#: ``archived = 0`` test, and ``ILIKE`` for the ``lower(x) LIKE lower(?)`` searches); building it
#: with the expression language cost more than the query itself on a small store.
_CLIENTS = ("SELECT c.id, c.name, c.country, c.timezone, c.language, coalesce(n.n, 0), coalesce(n.active, 0), "
            "c.archived FROM client c LEFT OUTER JOIN (SELECT client_id, count(*) AS n, "
            f"sum(CASE WHEN status = {literals([ACTIVE])} THEN 1 ELSE 0 END) AS active FROM engagement "
            "GROUP BY client_id) AS n ON n.client_id = c.id{where} ORDER BY lower(c.name)")
_CLIENT_MATCH = ("(lower(c.name) LIKE lower(?) OR lower(c.country) LIKE lower(?) OR lower(c.industry) LIKE lower(?) "
                 "OR c.id IN (SELECT client_id FROM contact WHERE lower(contact.name) LIKE lower(?) "
                 "OR lower(contact.email) LIKE lower(?)))")


def client_rows(store: Store, *, text: str = "", include_archived: bool = False) -> list[ClientRow]:
    terms = [] if include_archived else ["c.archived = 0"]
    params: list[object] = []
    if text.strip():
        terms.append(_CLIENT_MATCH)
        params = [f"%{text.strip()}%"] * 5
    sql = _CLIENTS.format(where=f" WHERE {' AND '.join(terms)}" if terms else "")
    with store.connection() as conn:
        rows = fetch_all(conn, sql, params)
    return [ClientRow(cid, name, country, zone, language, engagements, active, bool(archived))
            for cid, name, country, zone, language, engagements, active, archived in rows]


def staff_rows(store: Store, *, text: str = "", include_inactive: bool = True) -> list[StaffRow]:
    counts = (select(Assignment.staff_id, func.count().label("n"),
                     func.sum(case((Assignment.is_key_role == True, 1), else_=0)).label("key"))  # noqa: E712
              .join(Engagement, Engagement.id == Assignment.engagement_id)
              .where(Engagement.status.in_([s.value for s in EngagementStatus.LIVE]))
              .group_by(Assignment.staff_id).subquery())
    stmt = (select(Staff.id, Staff.name, Staff.role, Staff.email, Staff.active, func.coalesce(counts.c.n, 0),
                   func.coalesce(counts.c.key, 0))
            .outerjoin(counts, counts.c.staff_id == Staff.id).order_by(Staff.name))
    if not include_inactive:
        stmt = stmt.where(Staff.active == True)  # noqa: E712
    if text.strip():
        like = f"%{text.strip()}%"
        stmt = stmt.where(or_(Staff.name.ilike(like), Staff.role.ilike(like), Staff.email.ilike(like)))
    with store.read() as s:
        return [StaffRow(*r) for r in s.execute(stmt).all()]


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    name: str
    role: str
    email: str
    phone: str
    timezone: str
    local_time: str
    working_hours: bool


def contact_rows(store: Store, client_id: int, *, now: datetime | None = None) -> list[ContactRow]:
    """Each contact with the local time now in their zone (the client's unless they have their own)."""
    now = now or datetime.now(UTC)
    stmt = (select(Contact.id, Contact.name, Contact.role, Contact.email, Contact.phone, Contact.timezone,
                   Client.timezone).join(Client, Client.id == Contact.client_id)
            .where(Contact.client_id == client_id).order_by(Contact.name))
    out = []
    with store.read() as s:
        for cid, name, role, email, phone, own_tz, client_tz in s.execute(stmt):
            tz = own_tz or client_tz
            local = now.astimezone(ZoneInfo(tz))
            working = local.weekday() < 5 and WORKDAY_START <= local.hour < WORKDAY_END
            out.append(ContactRow(cid, name, role, email, phone, tz, local.strftime("%a %H:%M"), working))
    return out


WORKDAY_START, WORKDAY_END = 8, 18
