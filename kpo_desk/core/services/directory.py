"""The Clients and Staff lists: light rows with their engagement counts, filtered in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, or_, select

from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.models import Assignment, Client, Contact, Engagement, Staff
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


def client_rows(store: Store, *, text: str = "", include_archived: bool = False) -> list[ClientRow]:
    counts = (select(Engagement.client_id, func.count().label("n"),
                     func.sum(case((Engagement.status == ACTIVE, 1), else_=0)).label("active"))
              .group_by(Engagement.client_id).subquery())
    stmt = (select(Client.id, Client.name, Client.country, Client.timezone, Client.language,
                   func.coalesce(counts.c.n, 0), func.coalesce(counts.c.active, 0), Client.archived)
            .outerjoin(counts, counts.c.client_id == Client.id)
            .order_by(func.lower(Client.name)))
    if not include_archived:
        stmt = stmt.where(Client.archived == False)  # noqa: E712
    if text.strip():
        like = f"%{text.strip()}%"
        contact_match = select(Contact.client_id).where(or_(Contact.name.ilike(like), Contact.email.ilike(like)))
        stmt = stmt.where(or_(Client.name.ilike(like), Client.country.ilike(like), Client.industry.ilike(like),
                              Client.id.in_(contact_match)))
    with store.read() as s:
        return [ClientRow(*r) for r in s.execute(stmt).all()]


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
