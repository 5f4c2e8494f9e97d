"""Follow-ups: what the firm promised a client, across every engagement, overdue first.

A lost follow-up is a lost client, so an open follow-up stays on the list whatever the
state of its engagement: a promise made on an engagement that has since closed is still
a promise. Marking one done goes through ``communications.set_follow_up_done``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from kpo_desk.core.models import Client, Communication, CommunicationContact, Contact, Engagement
from kpo_desk.core.store import Store

#: "Due soon" on the dashboard: within this many days from today.
DUE_SOON_DAYS = 7


@dataclass(frozen=True, slots=True)
class FollowUp:
    communication_id: int
    engagement_id: int
    engagement_code: str
    client_name: str
    client_timezone: str
    subject: str
    due_on: date
    contact_name: str  # the first contact involved, or "" when there is none
    days_overdue: int  # positive: overdue by that many days; 0: due today; negative: not yet due

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True, slots=True)
class FollowUpCounts:
    overdue: int
    due_today: int
    due_soon: int  # after today, within DUE_SOON_DAYS
    open: int  # every open follow-up, including those above


def _open() -> list:
    return [Communication.follow_up_done.is_(False), Communication.follow_up_due.is_not(None)]


def open_follow_ups(store: Store, today: date, limit: int = 200, *, offset: int = 0,
                    engagement_id: int | None = None) -> list[FollowUp]:
    """Open follow-ups across engagements (or one), the most overdue first, then by due date.

    Served by the (follow_up_done, follow_up_due) index; only the columns shown are loaded.
    """
    first_contact = (select(func.min(Contact.name))
                     .join(CommunicationContact, CommunicationContact.contact_id == Contact.id)
                     .where(CommunicationContact.communication_id == Communication.id)
                     .scalar_subquery())
    stmt = (select(Communication.id, Engagement.id, Engagement.code, Client.name, Client.timezone,
                   Communication.subject, Communication.follow_up_due, first_contact)
            .join(Engagement, Engagement.id == Communication.engagement_id)
            .join(Client, Client.id == Engagement.client_id)
            .where(*_open())
            .order_by(Communication.follow_up_due, Communication.id)
            .limit(max(0, int(limit))).offset(max(0, int(offset))))
    if engagement_id is not None:
        stmt = stmt.where(Communication.engagement_id == engagement_id)
    with store.read() as s:
        rows = s.execute(stmt).all()
    return [FollowUp(communication_id=r[0], engagement_id=r[1], engagement_code=r[2], client_name=r[3],
                     client_timezone=r[4], subject=r[5] or "", due_on=r[6], contact_name=r[7] or "",
                     days_overdue=(today - r[6]).days)
            for r in rows]


def follow_up_counts(store: Store, today: date) -> FollowUpCounts:
    """The dashboard's follow-up numbers, in one grouped query."""
    due = Communication.follow_up_due
    soon = today + timedelta(days=DUE_SOON_DAYS)
    stmt = select(
        func.coalesce(func.sum(case((due < today, 1), else_=0)), 0),
        func.coalesce(func.sum(case((due == today, 1), else_=0)), 0),
        func.coalesce(func.sum(case(((due > today) & (due <= soon), 1), else_=0)), 0),
        func.count(),
    ).where(*_open())
    with store.read() as s:
        overdue, due_today, due_soon, total = s.execute(stmt).one()
    return FollowUpCounts(overdue=int(overdue), due_today=int(due_today), due_soon=int(due_soon),
                          open=int(total))
