"""Builders for the health tests: a small firm with one engagement, made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import delete

from kpo_desk.core.models import ChecklistItem, Engagement
from kpo_desk.core.services import communications as comms
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties, work
from kpo_desk.core.store import Store

TODAY = date(2026, 6, 15)


@dataclass
class Firm:
    store: Store
    client_id: int
    contact_id: int
    author: int
    reviewer: int
    manager: int


def firm(store: Store) -> Firm:
    client = parties.create_client(store, name="Sato Materials KK", timezone="Asia/Tokyo", language="ja")
    contact = parties.create_contact(store, client_id=client.id, name="Dr. Sato", email="sato@sato.example")
    author = parties.create_staff(store, name="Arjun Mehta", role="Senior patent analyst")
    reviewer = parties.create_staff(store, name="Hannah Becker", role="QA lead")
    manager = parties.create_staff(store, name="Priya Nair", role="Engagement manager")
    return Firm(store, client.id, contact.id, author.id, reviewer.id, manager.id)


def engagement(f: Firm, *, status: str = "active", start: date = TODAY - timedelta(days=60),
               end: date = TODAY + timedelta(days=40), budget_hours: float | None = 100.0,
               budget_cents: int | None = None, fee_model: str = "time_and_materials",
               contact_days_ago: int | None = 2, code: str | None = None) -> Engagement:
    """An engagement in ``status`` with no checklist items, recent client contact and no time."""
    e = eng.create_engagement(f.store, client_id=f.client_id, title="Prior-art search",
                              service_type="ip_patent", code=code, signed_on=start - timedelta(days=5),
                              start_on=start, target_end_on=end, fee_model=fee_model,
                              budget_hours=budget_hours, budget_cents=budget_cents, currency="JPY",
                              lead_id=f.manager)
    with f.store.transaction() as s:  # gates are tested with items of their own
        s.exec(delete(ChecklistItem).where(ChecklistItem.engagement_id == e.id))
    path = {"proposed": [], "onboarding": ["onboarding"], "active": ["onboarding", "active"],
            "on_hold": ["onboarding", "active", "on_hold"],
            "closed": ["onboarding", "active", "closed"], "cancelled": ["cancelled"]}[status]
    for step in path:
        e = eng.change_status(f.store, e.id, step, today=TODAY)
    if contact_days_ago is not None:
        contact(f, e.id, days_ago=contact_days_ago)
    return e


def contact(f: Firm, engagement_id: int, *, days_ago: int, direction: str = "inbound",
            follow_up_due: date | None = None, client_visible: bool = False, subject: str = "Claims scope"):
    when = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    return comms.log_communication(f.store, engagement_id=engagement_id, channel="email", direction=direction,
                                   occurred_at=when, subject=subject, follow_up_due=follow_up_due,
                                   client_visible=client_visible,
                                   contact_ids=[f.contact_id] if direction != "internal" else [])


def log_hours(f: Firm, engagement_id: int, hours: float, *, billable: bool = True,
              day: date = TODAY - timedelta(days=3)) -> None:
    """Log ``hours`` in entries of at most 8 hours."""
    while hours > 0:
        chunk = min(hours, 8.0)
        work.log_time(f.store, engagement_id=engagement_id, staff_id=f.author, work_date=day, hours=chunk,
                      billable=billable)
        hours -= chunk
        day -= timedelta(days=1)
